import type { ServedMethodSetting, ServedStage } from "../snapshot-store";

/**
 * Execution logs (AWS's `API-Gateway-Execution-Logs_{apiId}/{stage}`): one
 * request's pipeline steps with their durations and, with data tracing on,
 * the method request, template inputs and outputs and the integration request
 * and response, redacted and truncated.
 *
 * A request gets a trace only when its stage logs (loggingLevel ERROR or
 * INFO); with logging OFF `ctx.trace` stays undefined and every call site is
 * `ctx.trace?.…`, so nothing is built, not even the arguments.
 */

export type TraceLevel = "ERROR" | "INFO";

export interface TraceLine {
  time: number;
  level: TraceLevel;
  step: string;
  durationMs: number | null;
  message: string;
}

/** Data-trace values longer than this are cut (per entry). */
export const MAX_DATA_CHARS = 10 * 1024;
/** Lines one request keeps at most (a runaway loop of calls cannot fill memory). */
const MAX_LINES = 500;

/** Header names whose values never reach a log. */
export const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  "set-cookie",
  "x-amz-security-token",
  "x-gatehouse-internal-token",
]);

export const REDACTED = "****";

/** JSON or form fields whose names say they hold secrets: `"password": "…"`, `token=…`. */
const SECRET_FIELD = /("(?:[A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key|apikey|authorization|credential|private[_-]?key|session[_-]?key)[A-Za-z0-9_-]*)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const SECRET_FORM_FIELD = /((?:^|[?&])(?:[A-Za-z0-9_-]*(?:password|secret|token|api[_-]?key|apikey|credential)[A-Za-z0-9_-]*)=)[^&\s]*/gi;
const BEARER = /\b(Bearer|Basic|AWS4-HMAC-SHA256)\s+[A-Za-z0-9._~+/=,:;\-\s]{8,}/g;

/** Removes secret-looking values from a text: secret JSON/form fields, bearer credentials, and the given values. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out.replace(SECRET_FIELD, `$1"${REDACTED}"`).replace(SECRET_FORM_FIELD, `$1${REDACTED}`).replace(BEARER, `$1 ${REDACTED}`);
}

/** Headers as AWS prints them (`{Accept=*\/*, Host=…}`), secret ones redacted. */
export function formatHeaders(pairs: ReadonlyArray<readonly [string, string]>): string {
  return `{${pairs.map(([name, value]) => `${name}=${SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value}`).join(", ")}}`;
}

/** A map as AWS prints it: `{id=1, q=a}`. */
export function formatMap(values: Record<string, string | undefined>): string {
  return `{${Object.entries(values)
    .map(([k, v]) => `${k}=${v ?? ""}`)
    .join(", ")}}`;
}

export function truncate(text: string, max = MAX_DATA_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)} [TRUNCATED: ${text.length - max} more characters]`;
}

export type TraceValue = string | Buffer | null | undefined | ReadonlyArray<readonly [string, string]> | Record<string, unknown>;

function asText(value: TraceValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (Array.isArray(value)) return formatHeaders(value as ReadonlyArray<readonly [string, string]>);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export class ExecutionTrace {
  readonly lines: TraceLine[] = [];
  /** Whether the method's own setting has been applied (after the resource matched). */
  resolved = false;
  /** A line at ERROR level was written (an error happened even if the status is below 400). */
  failed = false;

  constructor(
    public level: TraceLevel,
    public dataTrace: boolean,
    /** Values of this request's secret headers: removed wherever they appear in traced data. */
    private readonly secrets: string[] = [],
  ) {}

  private push(level: TraceLevel, step: string, message: string, durationMs: number | null = null): void {
    if (level === "ERROR") this.failed = true;
    if (this.lines.length >= MAX_LINES) return;
    this.lines.push({ time: Date.now(), level, step, durationMs, message });
  }

  /** Runs one pipeline step, timing it; a failing step is logged with its duration and rethrown. */
  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      const value = await fn();
      this.push("INFO", name, `${name} completed`, round(performance.now() - started));
      return value;
    } catch (err) {
      this.push("INFO", name, `${name} ended the request`, round(performance.now() - started));
      throw err;
    }
  }

  info(step: string, message: string, durationMs: number | null = null): void {
    this.push("INFO", step, redactText(message, this.secrets), durationMs);
  }

  error(step: string, message: string, durationMs: number | null = null): void {
    this.push("ERROR", step, redactText(message, this.secrets), durationMs);
  }

  /** `label: value`, only with data tracing on; secrets redacted, long values truncated. */
  data(step: string, label: string, value: TraceValue): void {
    if (!this.dataTrace) return;
    this.push("INFO", step, `${label}: ${truncate(redactText(asText(value), this.secrets))}`);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Whether any method of the stage logs at all: computed once per served stage object. */
const stageLogs = new WeakMap<ServedStage, boolean>();

function levelOf(setting: ServedMethodSetting | undefined): TraceLevel | "OFF" | undefined {
  const level = setting?.loggingLevel;
  return level === "ERROR" || level === "INFO" || level === "OFF" ? level : undefined;
}

export function stageMayLog(stage: ServedStage): boolean {
  let logs = stageLogs.get(stage);
  if (logs === undefined) {
    logs = Object.values(stage.methodSettings).some((s) => levelOf(s) === "ERROR" || levelOf(s) === "INFO");
    stageLogs.set(stage, logs);
  }
  return logs;
}

/** The method's own setting (AWS key `~1items/GET`, or `items/GET`), for the request's verb or the method's (ANY). */
function ownSetting(settings: Record<string, ServedMethodSetting>, resourcePath: string, verbs: string[]): ServedMethodSetting | undefined {
  const escaped = resourcePath.replace(/\//g, "~1");
  for (const verb of verbs) {
    const key = `${escaped}/${verb.toUpperCase()}`;
    const found = settings[key] ?? (resourcePath === "/" ? undefined : settings[key.replace(/^~1/, "")]);
    if (found) return found;
  }
  return undefined;
}

/** The logging that applies to a method: its own setting's level and data trace, else the stage default `*\/*`. */
export function methodLogging(
  settings: Record<string, ServedMethodSetting>,
  resourcePath: string | undefined,
  verbs: string[],
): { level: TraceLevel | "OFF"; dataTrace: boolean } {
  const own = resourcePath === undefined ? undefined : ownSetting(settings, resourcePath, verbs);
  const stageDefault = settings["*/*"];
  const level = levelOf(own) ?? levelOf(stageDefault) ?? "OFF";
  const dataTrace = own?.dataTraceEnabled ?? stageDefault?.dataTraceEnabled ?? false;
  return { level, dataTrace };
}
