import { ZCreateApiKey } from "../../schemas/api-keys";
import { importApiKeys, type ImportedApiKey } from "../../services/api-keys";
import { badRequestException } from "../errors";
import type { Operation } from "../operation";

/**
 * AWS ImportApiKeys: `POST /apikeys?mode=import&format=csv` with AWS's API
 * key file: a header row naming the columns (any order, any case; Name and
 * Key required; Description, Enabled (default true), UsagePlanIds optional,
 * others ignored), one key per row; several plan ids are one quoted,
 * comma-separated field. A row that cannot be imported is a warning (and
 * skipped), or with `failonwarnings=true` fails the whole import. The rest is
 * imported in one transaction by lib/services/api-keys.ts.
 */

/** CSV rows: fields split on commas, `"…"` or `'…'` quoting (a doubled quote inside is one), blank lines dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quote: string | null = null;
  let fieldStart = true;
  const endRow = () => {
    row.push(field);
    if (row.some((f) => f.trim() !== "")) rows.push(row);
    row = [];
    field = "";
    fieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c !== quote) field += c;
      else if (text[i + 1] === quote) field += text[++i];
      else quote = null;
    } else if (fieldStart && (c === '"' || c === "'")) {
      quote = c;
      fieldStart = false;
    } else if (c === ",") {
      row.push(field);
      field = "";
      fieldStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += c;
      fieldStart = false;
    }
  }
  endRow();
  return rows;
}

function readRows(csv: string[][]): { rows: ImportedApiKey[]; warnings: string[] } {
  const [header = [], ...lines] = csv;
  const col = Object.fromEntries(header.map((h, i) => [h.trim().toLowerCase(), i]));
  if (col.name === undefined || col.key === undefined) throw badRequestException("Invalid API key file: the header row must name the Name and Key columns.");
  const rows: ImportedApiKey[] = [];
  const warnings: string[] = [];
  lines.forEach((fields, i) => {
    const line = i + 2;
    const get = (name: string) => (col[name] === undefined ? "" : (fields[col[name]] ?? "").trim());
    const enabledText = get("enabled").toLowerCase();
    if (enabledText !== "" && enabledText !== "true" && enabledText !== "false") {
      warnings.push(`Line ${line}: Enabled must be true or false, not '${get("enabled")}'`);
      return;
    }
    const parsed = ZCreateApiKey.safeParse({ name: get("name"), description: get("description"), enabled: enabledText !== "false", value: get("key") });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path[0] === "value" ? "Key" : String(issue.path[0] ?? "row");
      warnings.push(`Line ${line}: ${field}: ${issue.message}`);
      return;
    }
    const usagePlanIds = get("usageplanids")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    rows.push({ name: parsed.data.name, description: parsed.data.description ?? "", enabled: parsed.data.enabled ?? true, value: parsed.data.value!, usagePlanIds });
  });
  return { rows, warnings };
}

export const importApiKeysOperation: Operation = {
  name: "ImportApiKeys",
  service: "apigateway",
  method: "POST",
  path: "/apikeys",
  query: { mode: "import" },
  permission: "edit",
  rawBody: true,
  async handler({ db, query, rawBody, principal }) {
    if (query.get("format") !== "csv") throw badRequestException(`Invalid format '${query.get("format") ?? ""}': only csv is supported.`);
    const { rows, warnings } = readRows(parseCsv(rawBody.toString("utf8").replace(/^\uFEFF/, "")));
    // Unknown plans are the row's warning, found before anything is written.
    const planIds = [...new Set(rows.flatMap((r) => r.usagePlanIds))];
    const known = new Set((await db.usagePlan.findMany({ where: { id: { in: planIds } }, select: { id: true } })).map((p) => p.id));
    const importable = rows.filter((r) => {
      const missing = r.usagePlanIds.filter((id) => !known.has(id));
      if (missing.length > 0) warnings.push(`Key ${r.name}: Invalid Usage Plan ID specified: ${missing.join(", ")}`);
      return missing.length === 0;
    });
    if (warnings.length > 0 && query.get("failonwarnings") === "true") throw badRequestException(`Import failed: ${warnings.join("; ")}`);
    const ids = importable.length > 0 ? await importApiKeys(db, importable, principal) : [];
    return { status: 201, body: { ids, warnings } };
  },
};
