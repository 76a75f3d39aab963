"use client";

import { useQuery } from "@tanstack/react-query";
import type { TStageDeployment } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

/** The stage's history: each deployment it pointed at (deploy, rollback, promotion), newest first. */
export function useStageDeployments(apiId: string, stageName: string) {
  return useQuery({
    queryKey: keys.stageDeployments(apiId, stageName),
    queryFn: async () =>
      (await api.get<{ items: TStageDeployment[] }>(`/restapis/${enc(apiId)}/stages/${enc(stageName)}/deployments`)).items,
  });
}
