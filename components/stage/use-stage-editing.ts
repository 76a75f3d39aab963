"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { TStage } from "@/lib/schemas/management";
import { api } from "../api/client";
import { keys } from "../api/keys";

/**
 * Optimistic concurrency for the stage page: every section edits from the
 * version read when the page loaded; each save moves it to the version the
 * server returned. Someone else's save in between makes ours answer 409, and
 * only Reload (which remounts the sections) takes their version.
 */
export function useStageEditing(apiId: string, stage: TStage, path: string) {
  const queryClient = useQueryClient();
  const version = useRef(stage.version);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [generation, setGeneration] = useState(0);

  const adopt = useCallback(
    (updated: TStage) => {
      version.current = updated.version;
      queryClient.setQueryData(keys.stage(apiId, updated.stageName), updated);
      void queryClient.invalidateQueries({ queryKey: keys.stages(apiId), exact: true });
      void queryClient.invalidateQueries({ queryKey: keys.stageDeployments(apiId, updated.stageName) });
      void queryClient.invalidateQueries({ queryKey: keys.deployments(apiId), exact: true });
    },
    [queryClient, apiId],
  );

  const enqueue = useCallback(
    (call: (version: number) => Promise<TStage>) => {
      const run = async () => {
        const updated = await call(version.current);
        adopt(updated);
        return updated;
      };
      const next = queue.current.then(run, run);
      queue.current = next.catch(() => undefined);
      return next;
    },
    [adopt],
  );
  const patch = useCallback(
    (body: Record<string, unknown>) => enqueue((v) => api.patch<TStage>(path, { ...body, version: v })),
    [enqueue, path],
  );
  /** The canary's deployment and overrides become the stage's. */
  const promote = useCallback(() => enqueue((v) => api.post<TStage>(`${path}/canary/promote`, { version: v })), [enqueue, path]);

  const reload = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: keys.restApi(apiId) });
    const fresh = queryClient.getQueryData<TStage>(keys.stage(apiId, stage.stageName));
    if (fresh) version.current = fresh.version;
    setGeneration((g) => g + 1);
  }, [queryClient, apiId, stage.stageName]);

  return { patch, promote, reload, generation };
}
