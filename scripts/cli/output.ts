/** Output helpers: tables and JSON on stdout, progress and errors on stderr. */

export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** A progress line on stderr, only when stderr is a terminal and not --json. */
  progress: (text: string) => void;
}

export function makeOutput(json: boolean): Output {
  const tty = Boolean(process.stderr.isTTY);
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    progress: (text) => {
      if (tty && !json) process.stderr.write(`… ${text}\n`);
    },
  };
}

/** A plain-text table: a header row and left-aligned columns. */
export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join("\n");
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (Array.isArray(value)) return value.map(cell).join(",");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Prints `data` as JSON (--json) or as `text()`. */
export function emit(output: Output, data: unknown, text: () => string): void {
  output.out(output.json ? JSON.stringify(data, null, 2) : text());
}
