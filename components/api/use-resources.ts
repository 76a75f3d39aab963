"use client";

import { useQuery } from "@tanstack/react-query";
import type { TResource } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

export function useResources(apiId: string) {
  return useQuery({
    queryKey: keys.resources(apiId),
    queryFn: async () => (await api.get<{ items: TResource[] }>(`/restapis/${enc(apiId)}/resources`)).items,
  });
}
