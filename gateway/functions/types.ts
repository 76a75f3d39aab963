/** A runnable function version as the gateway holds it (from the Function or FunctionVersion row). */
export interface FunctionRecord {
  name: string;
  /** "$LATEST" or a version number ("1", "2", …). */
  qualifier: string;
  handler: string;
  code: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** Decrypted environment variables. */
  environment: Record<string, string>;
  /** Function.reservedConcurrency; null: the gateway default. */
  reservedConcurrency: number | null;
  /** Changes whenever the code or settings change; a new value means new instances. */
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
  /** durationMs rounded up to the next millisecond, as Lambda bills. */
  billedDurationMs: number;
  /** The instance's peak resident memory, in MB (0 when the instance died before reporting). */
  peakMemoryMb: number;
  requestId: string;
  timedOut: boolean;
  /** The instance was killed at its memory limit. */
  outOfMemory: boolean;
}

/** Thrown when a function already runs as many invocations as its concurrency limit allows. */
export class FunctionThrottled extends Error {
  constructor(
    readonly functionName: string,
    readonly limit: number,
  ) {
    super(`function ${functionName} is at its concurrency limit (${limit})`);
    this.name = "FunctionThrottled";
  }
}
