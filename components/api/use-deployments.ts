"use client";

import { useQuery } from "@tanstack/react-query";
import type { TDeployment } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

export function useDeployments(apiId: string) {
  return useQuery({
    queryKey: keys.deployments(apiId),
    queryFn: async () => (await api.get<{ items: TDeployment[] }>(`/restapis/${enc(apiId)}/deployments`)).items,
  });
}
