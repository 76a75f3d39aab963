import type { FunctionLogWriter } from "./log-writer";
import type { ProcessFunctionRuntime } from "./process-runtime";
import type { FunctionRecord, InvokeResult } from "./types";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * The one way the gateway invokes a function (AWS_PROXY routes and the
 * internal test-invoke endpoint alike): runs it on the shared runtime and
 * queues its log lines, plus a REPORT line, for the batched FunctionLog writer.
 */
export class FunctionInvoker {
  constructor(
    readonly runtime: ProcessFunctionRuntime,
    private readonly logs: FunctionLogWriter,
    private readonly log: Log,
  ) {}

  async invoke(fn: FunctionRecord, event: unknown, options: { timeoutMs: number; functionArn: string; requestId?: string }): Promise<InvokeResult> {
    let result: InvokeResult;
    try {
      result = await this.runtime.invoke(fn, event, options);
    } catch (err) {
      this.log("warn", `function ${fn.name}:${fn.qualifier}: ${(err as Error).message}; throttled`);
      throw err;
    }
    const report = {
      time: Date.now(),
      level: "info" as const,
      message: `REPORT RequestId: ${result.requestId} Duration: ${result.durationMs.toFixed(2)} ms Billed Duration: ${result.billedDurationMs} ms Memory Size: ${fn.memoryMb} MB Max Memory Used: ${result.peakMemoryMb} MB`,
    };
    this.logs.add(fn.name, fn.qualifier, result.requestId, [...result.logs, report]);
    return result;
  }
}
