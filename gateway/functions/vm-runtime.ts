import vm from "node:vm";
import { randomUUID } from "node:crypto";

/**
 * Runs function code in a `node:vm` context with a timeout. This is NOT a
 * security boundary (code can escape a vm context); until functions get real
 * isolation only functions created by Gatehouse itself (the seeded demo) run.
 */

export interface FunctionRecord {
  name: string;
  handler: string;
  code: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Changes whenever the code or settings change; a new value means a cold start. */
  revision: string;
}

export interface FunctionLogLine {
  time: number;
  level: "log" | "info" | "warn" | "error" | "debug";
  message: string;
}

export interface InvokeResult {
  ok: boolean;
  /** The handler's result (ok) or the error it raised (not ok), as JSON text. */
  payload: string;
  errorMessage?: string;
  logs: FunctionLogLine[];
  durationMs: number;
  timedOut: boolean;
}

interface WarmInstance {
  revision: string;
  context: vm.Context;
  logs: FunctionLogLine[];
}

// Runs inside the function's context, so every object the handler sees and
// returns belongs to that context; values cross the boundary as JSON only.
const BOOTSTRAP = `
(function (code, handlerExport) {
  const module = { exports: {} };
  const require = (name) => { throw new Error("Cannot find module '" + name + "' (modules are not available yet)"); };
  new Function("exports", "require", "module", code)(module.exports, require, module);
  const handler = module.exports[handlerExport];
  globalThis.__gatehouseInvoke = (eventJson, meta) => new Promise((resolve, reject) => {
    if (typeof handler !== "function") {
      reject(new Error("Handler '" + meta.handler + "' is missing on module"));
      return;
    }
    const deadline = Date.now() + meta.timeoutMs;
    const context = {
      functionName: meta.functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: meta.functionArn,
      memoryLimitInMB: String(meta.memoryMb),
      awsRequestId: meta.requestId,
      logGroupName: "/aws/lambda/" + meta.functionName,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const callback = (err, result) => (err ? reject(err) : resolve(result));
    try {
      const returned = handler(JSON.parse(eventJson), context, callback);
      if (returned && typeof returned.then === "function") returned.then(resolve, reject);
    } catch (err) {
      reject(err);
    }
  }).then((result) => (result === undefined ? "null" : JSON.stringify(result)));
})(globalThis.__gatehouseCode, globalThis.__gatehouseExport)
`;

// Runs the handler's synchronous part under vm's own timeout.
const INVOKE = "globalThis.__gatehouseInvoke(globalThis.__gatehouseArgs[0], globalThis.__gatehouseArgs[1])";

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === "string") return a;
      if (a instanceof Error || (a && typeof a === "object" && "stack" in a && "message" in a)) {
        return String((a as Error).stack ?? (a as Error).message);
      }
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(" ");
}

export class VmFunctionRuntime {
  private readonly warm = new Map<string, WarmInstance>();
  private readonly bootstrap = new vm.Script(BOOTSTRAP, { filename: "gatehouse-bootstrap.js" });
  private readonly invokeScript = new vm.Script(INVOKE, { filename: "gatehouse-invoke.js" });

  private instanceFor(fn: FunctionRecord): WarmInstance {
    const existing = this.warm.get(fn.name);
    if (existing && existing.revision === fn.revision) return existing;
    const logs: FunctionLogLine[] = [];
    const log = (level: FunctionLogLine["level"]) => (...args: unknown[]) =>
      logs.push({ time: Date.now(), level, message: formatArgs(args) });
    const context = vm.createContext({
      console: { log: log("log"), info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") },
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
    });
    context.__gatehouseCode = fn.code;
    context.__gatehouseExport = fn.handler.split(".").pop() ?? "handler";
    this.bootstrap.runInContext(context, { timeout: fn.timeoutSeconds * 1000 });
    const instance = { revision: fn.revision, context, logs };
    this.warm.set(fn.name, instance);
    return instance;
  }

  async invoke(
    fn: FunctionRecord,
    event: unknown,
    options: { timeoutMs: number; functionArn: string; requestId?: string },
  ): Promise<InvokeResult> {
    const started = performance.now();
    const requestId = options.requestId ?? randomUUID();
    const timeoutMs = Math.min(options.timeoutMs, fn.timeoutSeconds * 1000);
    let instance: WarmInstance | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (partial: Omit<InvokeResult, "logs" | "durationMs">): InvokeResult => {
      const logs = instance ? instance.logs.splice(0) : [];
      return { ...partial, logs, durationMs: performance.now() - started };
    };
    try {
      instance = this.instanceFor(fn);
      instance.logs.length = 0;
      const meta = { handler: fn.handler, functionName: fn.name, functionArn: options.functionArn, memoryMb: fn.memoryMb, requestId, timeoutMs };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeout(timeoutMs)), timeoutMs);
      });
      instance.context.__gatehouseArgs = [JSON.stringify(event), meta];
      const pending = this.invokeScript.runInContext(instance.context, { timeout: timeoutMs }) as Promise<string>;
      const payload = await Promise.race([pending, timeout]);
      return finish({ ok: true, payload, timedOut: false });
    } catch (err) {
      const timedOut = err instanceof FunctionTimeout || (err as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
      if (timedOut) this.warm.delete(fn.name); // a timed-out instance is not reused, as on Lambda
      const message = timedOut ? `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` : errorMessage(err);
      const errorType = timedOut ? "Sandbox.Timedout" : errorName(err);
      instance?.logs.push({ time: Date.now(), level: "error", message: timedOut ? message : errorStack(err) });
      return finish({ ok: false, payload: JSON.stringify({ errorType, errorMessage: message }), errorMessage: message, timedOut });
    } finally {
      clearTimeout(timer);
    }
  }
}

class FunctionTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

function errorMessage(err: unknown): string {
  if (err && typeof err === "object" && "message" in err) return String((err as { message: unknown }).message);
  return String(err);
}
function errorName(err: unknown): string {
  if (err && typeof err === "object" && "name" in err) return String((err as { name: unknown }).name);
  return "Error";
}
function errorStack(err: unknown): string {
  if (err && typeof err === "object" && "stack" in err) return String((err as { stack: unknown }).stack);
  return errorMessage(err);
}
