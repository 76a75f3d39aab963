"use client";

import { useQuery } from "@tanstack/react-query";
import type { TStage } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

export function useStages(apiId: string) {
  return useQuery({
    queryKey: keys.stages(apiId),
    queryFn: async () => (await api.get<{ items: TStage[] }>(`/restapis/${enc(apiId)}/stages`)).items,
  });
}
