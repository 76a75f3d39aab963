"use client";

import { useQuery } from "@tanstack/react-query";
import type { TApiKey } from "@/lib/schemas/api-keys";
import type { TCollection, THistoryEntry, TSavedRequest } from "@/lib/schemas/tester";
import { api } from "../api/client";

export const testerKeys = {
  history: ["tester", "history"] as const,
  collections: ["tester", "collections"] as const,
  apiKeys: ["tester", "apikeys"] as const,
};

export function useTesterHistory(enabled = true) {
  return useQuery({ queryKey: testerKeys.history, enabled, queryFn: () => api.get<THistoryEntry[]>("/tester/history") });
}

export function useTestCollections() {
  return useQuery({ queryKey: testerKeys.collections, queryFn: () => api.get<TCollection[]>("/tester/collections") });
}

/** API keys by name (never their values) for "send to a stage". */
export function useTesterApiKeys() {
  return useQuery({ queryKey: testerKeys.apiKeys, queryFn: async () => (await api.get<{ items: TApiKey[] }>("/apikeys")).items });
}

/** Asks the server for the curl line (it decides whether the API key may appear) and copies it. */
export async function copyAsCurl(target: { restApiId: string; stageName: string | null; httpMethod: string; request: TSavedRequest }): Promise<string> {
  const { curl } = await api.post<{ curl: string }>("/tester/curl", target);
  try {
    await navigator.clipboard.writeText(curl);
  } catch {
    // Clipboard refused (permissions, insecure origin): the line is shown for manual copying.
  }
  return curl;
}
