"use client";

import { useQuery } from "@tanstack/react-query";
import type { TDeploymentWithSnapshot } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

/** One deployment with its snapshot; deployments never change, so it is cached for good. */
export function useDeployment(apiId: string, deploymentId: string | null) {
  return useQuery({
    queryKey: keys.deployment(apiId, deploymentId ?? ""),
    queryFn: () => api.get<TDeploymentWithSnapshot>(`/restapis/${enc(apiId)}/deployments/${enc(deploymentId ?? "")}`),
    enabled: Boolean(deploymentId),
    staleTime: Infinity,
  });
}
