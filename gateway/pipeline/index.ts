import type { PipelineStage, RequestContext } from "./context";

/** Runs the stages in order; a stage ends the request early by throwing. */
export async function runPipeline(stages: PipelineStage[], ctx: RequestContext): Promise<void> {
  for (const stage of stages) await stage(ctx);
}
