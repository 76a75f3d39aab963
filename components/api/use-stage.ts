"use client";

import { useQuery } from "@tanstack/react-query";
import type { TStage } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

export function useStage(apiId: string, stageName: string) {
  return useQuery({
    queryKey: keys.stage(apiId, stageName),
    queryFn: () => api.get<TStage>(`/restapis/${enc(apiId)}/stages/${enc(stageName)}`),
  });
}
