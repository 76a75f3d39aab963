import pino, { type Logger } from "pino";

/**
 * Structured logs of Gatehouse's own processes (gateway, AWS control plane,
 * `npm start`): one JSON object per line on stdout (pino: `level`, `time`,
 * `name`, `msg`, plus fields), what log shippers and `jq` read. For a person
 * at a terminal, GATEHOUSE_LOG_FORMAT=text prints `[name] LEVEL message`.
 * Access log lines (GATEHOUSE_ACCESS_LOG_STDOUT) are a separate stream.
 */
export type LogFormat = "json" | "text";
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

export interface ProcessLoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go; default stdout. */
  destination?: NodeJS.WritableStream | { write(line: string): unknown };
}

const TEXT_LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** A line-at-a-time writer turning pino's JSON into `[name] LEVEL message key=value…`. */
function textDestination(out: { write(line: string): unknown }) {
  return {
    write(json: string) {
      const { level, name, msg, ...fields } = JSON.parse(json) as Record<string, unknown>;
      const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== "time" && k !== "pid" && k !== "hostname"));
      const extras = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      out.write(`[${String(name)}] ${TEXT_LEVELS[level as number] ?? level} ${String(msg ?? "")}${extras ? ` ${extras}` : ""}\n`);
    },
  };
}

export function createProcessLogger(name: string, options: ProcessLoggerOptions = {}): Logger {
  const out = options.destination ?? process.stdout;
  const format = options.format ?? "json";
  const destination = format === "text" ? textDestination(out) : out;
  return pino({ name, level: options.level ?? "info", base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination as pino.DestinationStream);
}

/** The `(level, message)` callback the gateway's parts take, on a pino logger. */
export function logCallback(logger: Logger): (level: "info" | "warn" | "error", message: string) => void {
  return (level, message) => logger[level](message);
}
