"use client";

import { useQuery } from "@tanstack/react-query";
import type { TFunction, TFunctionLog, TFunctionSummary, TFunctionVersion } from "@/lib/schemas/functions";
import { api, enc } from "./client";

/** Query keys of the functions pages, nested so one function's keys invalidate together. */
export const functionKeys = {
  all: () => ["functions"] as const,
  one: (name: string) => ["functions", name] as const,
  versions: (name: string) => ["functions", name, "versions"] as const,
  logs: (name: string, requestId: string) => ["functions", name, "logs", requestId] as const,
};

export function useFunctions() {
  return useQuery({
    queryKey: functionKeys.all(),
    queryFn: async () => (await api.get<{ items: TFunctionSummary[] }>("/functions")).items,
  });
}

export function useFunction(name: string) {
  return useQuery({ queryKey: functionKeys.one(name), queryFn: () => api.get<TFunction>(`/functions/${enc(name)}`) });
}

export function useFunctionVersions(name: string) {
  return useQuery({
    queryKey: functionKeys.versions(name),
    queryFn: async () => (await api.get<{ items: TFunctionVersion[] }>(`/functions/${enc(name)}/versions`)).items,
  });
}

export function useFunctionLogs(name: string, requestId: string) {
  return useQuery({
    queryKey: functionKeys.logs(name, requestId),
    queryFn: async () =>
      (await api.get<{ items: TFunctionLog[] }>(`/functions/${enc(name)}/logs${requestId ? `?requestId=${enc(requestId)}` : ""}`)).items,
  });
}
