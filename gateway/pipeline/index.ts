import { attachTrace } from "../logging/request-trace";
import type { PipelineStage, RequestContext } from "./context";

/** A pipeline stage with the name its execution log lines carry. */
export interface NamedStage {
  name: string;
  run: PipelineStage;
}

export const named = (name: string, run: PipelineStage): NamedStage => ({ name, run });

/**
 * Runs the stages in order; a stage ends the request early by throwing. With
 * an execution trace (gateway/logging/), each stage is timed by name; without
 * one (logging OFF) the loop only checks, until the stage is known, whether
 * the request needs one.
 */
export async function runPipeline(stages: Array<PipelineStage | NamedStage>, ctx: RequestContext): Promise<void> {
  let decided = false;
  for (const stage of stages) {
    const run = typeof stage === "function" ? stage : stage.run;
    const trace = ctx.trace;
    if (trace) await trace.step(typeof stage === "function" ? stage.name || "step" : stage.name, () => run(ctx));
    else await run(ctx);
    if (!decided) decided = attachTrace(ctx);
  }
}
