import type { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { internalToken } from "../internal-token";
import { decryptSecret } from "../secrets";
import type { ZSendToStage, ZTestMethod, TSavedRequest, TTestResult, THistoryEntry } from "../schemas/tester";
import { ZSavedRequest } from "../schemas/tester";
import { compileSnapshot } from "./compile-snapshot";
import { internalGatewayUrl } from "./functions-invoke";
import type { MethodAddress } from "./methods";
import { can, type Principal } from "./permissions";
import { notFound } from "./shared";

/**
 * The request tester (issue 11). "method" mode compiles the API's working copy
 * (compileSnapshot, nothing deployed) and has the gateway run it through its
 * own pipeline (POST /_gatehouse/methods/test, internal token); "stage" mode
 * makes the real HTTP request to the gateway for a deployed stage. Both record
 * the caller's history (last HISTORY_LIMIT kept).
 */

export const HISTORY_LIMIT = 100;
/** Bodies above this are cut in the answer (the full size is reported); the viewer shows less and offers the rest as a download. */
export const VIEW_BODY_LIMIT = 10 * 1024 * 1024;
/** Bodies kept in history. */
const HISTORY_BODY_LIMIT = 64 * 1024;
export const STAGE_TIMEOUT_MS = 35_000;

type Env = NodeJS.ProcessEnv;

function secretKey(env: Env): string {
  const key = env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: the console cannot authenticate to the gateway.");
  return key;
}

/** `/pets/{id}` with `{id: 7}` → `/pets/7`; `{proxy+}` takes its value as is. Missing values stay as `{id}`. */
export function fillPath(resourcePath: string, params: Record<string, string>): string {
  return resourcePath.replace(/\{([^}+]+)\+?\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") return whole;
    return whole.endsWith("+}") ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}

export function queryString(query: Record<string, string>): string {
  return new URLSearchParams(Object.entries(query)).toString();
}

/** Body bytes → what the viewer shows: UTF-8 text unless it is not, cut at `limit`. */
export function presentBody(bytes: Buffer, limit = VIEW_BODY_LIMIT): Pick<TTestResult, "body" | "bodyEncoding" | "bodySize" | "truncated"> {
  const cut = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  const text = cut.toString("utf8");
  // A cut may split a character: ignore a replacement char at the very end.
  const binary = /\uFFFD/.test(bytes.length > limit ? text.slice(0, -1) : text) || cut.includes(0);
  return { body: binary ? cut.toString("base64") : text, bodyEncoding: binary ? "base64" : "text", bodySize: bytes.length, truncated: bytes.length > limit };
}

interface GatewayTestAnswer {
  status: number;
  latencyMs: number;
  headers: Array<[string, string]>;
  bodyBase64: string;
  log: Array<{ step: string; durationMs: number | null; level: "ERROR" | "INFO"; message: string }>;
  timedOut: boolean;
  requestId: string;
}

/** Runs a method's working copy (AWS TestInvokeMethod); authorization and API keys are skipped, as on AWS. */
export async function testMethod(db: Db, principal: Principal, at: MethodAddress, input: z.output<typeof ZTestMethod>, env: Env = process.env): Promise<TTestResult> {
  const resource = await db.resource.findFirst({ where: { id: at.resourceId, restApiId: at.restApiId }, select: { id: true, path: true } });
  if (!resource) throw notFound(`Resource ${at.resourceId} does not exist in REST API ${at.restApiId}.`);
  const method = await db.method.findFirst({ where: { resourceId: resource.id, httpMethod: at.httpMethod }, select: { id: true } });
  if (!method) throw notFound(`${resource.path} has no ${at.httpMethod} method.`);
  // Only this method: others may be mid-edit and undeployable, as AWS's TestInvokeMethod allows.
  const snapshot = await db.$transaction((tx) => compileSnapshot(tx, at.restApiId, { onlyMethod: { resourceId: resource.id, httpMethod: at.httpMethod } }));
  let path: string;
  let rawQuery: string;
  if (input.pathWithQueryString) {
    const q = input.pathWithQueryString.indexOf("?");
    path = q < 0 ? input.pathWithQueryString : input.pathWithQueryString.slice(0, q);
    rawQuery = q < 0 ? "" : input.pathWithQueryString.slice(q + 1);
    const extra = queryString(input.query);
    if (extra) rawQuery = rawQuery ? `${rawQuery}&${extra}` : extra;
  } else {
    path = fillPath(resource.path, input.pathParameters);
    rawQuery = queryString(input.query);
  }
  const verb = at.httpMethod === "ANY" ? "GET" : at.httpMethod;
  const base = internalGatewayUrl(env);
  let res: Response;
  try {
    res = await fetch(`${base}/_gatehouse/methods/test`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gatehouse-internal-token": internalToken(secretKey(env)) },
      body: JSON.stringify({
        snapshot,
        resourceId: resource.id,
        httpMethod: verb,
        path,
        rawQuery,
        headers: Object.entries(input.headers),
        body: input.body,
        stageVariables: input.stageVariables,
      }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    throw new AppError("bad-gateway", `The gateway at ${base} is unreachable (${(err as { cause?: Error }).cause?.message ?? (err as Error).message}). Is it running?`);
  }
  const text = await res.text();
  let answer: GatewayTestAnswer | null = null;
  try {
    answer = JSON.parse(text) as GatewayTestAnswer;
  } catch {
    answer = null;
  }
  if (!res.ok || !answer || typeof answer.status !== "number") {
    const message = (answer as { message?: string } | null)?.message ?? text.slice(0, 200);
    throw new AppError("bad-gateway", `The gateway could not run the test (${res.status}): ${message}`);
  }
  const result: TTestResult = {
    status: answer.status,
    latency: answer.latencyMs,
    headers: answer.headers,
    ...presentBody(Buffer.from(answer.bodyBase64, "base64")),
    log: answer.log.map((l) => ({ step: l.step, durationMs: l.durationMs, level: l.level, message: l.message })),
    timedOut: answer.timedOut,
    requestId: answer.requestId,
    timing: null,
    historyId: null,
  };
  const saved: TSavedRequest = ZSavedRequest.parse({
    path: input.pathWithQueryString ?? path,
    pathParameters: input.pathParameters,
    query: input.query,
    headers: input.headers,
    body: input.body,
    stageVariables: input.stageVariables,
  });
  result.historyId = await recordHistory(db, principal, { mode: "method", restApiId: at.restApiId, resourceId: resource.id, httpMethod: at.httpMethod, stageName: null, request: saved }, result);
  return result;
}

async function resolveApiKey(db: Db, idOrName: string): Promise<{ id: string; value: string }> {
  const row = (await db.apiKey.findUnique({ where: { id: idOrName } })) ?? (await db.apiKey.findFirst({ where: { name: idOrName }, orderBy: { createdAt: "asc" } }));
  if (!row) throw new AppError("validation-failed", `API key ${idOrName} does not exist.`, [{ field: "apiKey", message: `No API key with id or name ${idOrName}` }]);
  return { id: row.id, value: decryptSecret(row.valueEncrypted, secretKey(process.env)) };
}

/** The stage's access log entry for a request id, if the stage logs and it was flushed within `waitMs`. */
async function accessEntry(db: Db, requestId: string, waitMs: number): Promise<{ latencyMs: number; integrationLatencyMs: number | null } | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await db.accessLog.findFirst({ where: { requestId }, select: { latencyMs: true, integrationLatencyMs: true } });
    if (row || Date.now() >= deadline) return row;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function executionLines(db: Db, requestId: string): Promise<TTestResult["log"]> {
  const rows = await db.executionLog.findMany({ where: { requestId }, orderBy: { id: "asc" }, take: 500 });
  return rows.map((r) => ({ step: r.step, durationMs: r.durationMs, level: r.level === "ERROR" ? "ERROR" : "INFO", message: r.message }));
}

/** A real request through the gateway to a deployed stage; the API key's value is inserted here. */
export async function sendToStage(db: Db, principal: Principal, input: z.output<typeof ZSendToStage>, env: Env = process.env): Promise<TTestResult> {
  const stage = await db.stage.findFirst({ where: { restApiId: input.restApiId, name: input.stageName }, select: { name: true, accessLogFormat: true, methodSettings: true } });
  if (!stage) throw notFound(`Stage ${input.stageName} of REST API ${input.restApiId} does not exist.`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(input.headers)) headers.append(name, value);
  let apiKeyId: string | null = null;
  if (input.apiKey) {
    const key = await resolveApiKey(db, input.apiKey);
    apiKeyId = key.id;
    headers.set("x-api-key", key.value);
  }
  if (input.bearerToken) headers.set("authorization", `Bearer ${input.bearerToken}`);
  const path = input.path.startsWith("/") ? input.path : `/${input.path}`;
  // `.`/`..` segments would be resolved by the URL parser and could leave the stage's path.
  if (path.split(/[/?#]/).some((seg) => seg === "." || seg === ".." || /^%2e(%2e)?$/i.test(seg) || /^(\.%2e|%2e\.)$/i.test(seg))) {
    throw new AppError("validation-failed", "The path may not contain . or .. segments.", [{ field: "path", message: "no . or .. segments" }]);
  }
  if (/[?#]/.test(path)) throw new AppError("validation-failed", "Put the query string in query, not in the path.", [{ field: "path", message: "no ? or # in the path" }]);
  const q = queryString(input.query);
  const url = `${internalGatewayUrl(env)}/restapis/${encodeURIComponent(input.restApiId)}/${encodeURIComponent(input.stageName)}/_user_request_${path}${q ? `?${q}` : ""}`;
  const verb = input.httpMethod === "ANY" ? "GET" : input.httpMethod.toUpperCase();
  const started = performance.now();
  let result: TTestResult;
  try {
    const res = await fetch(url, {
      method: verb,
      headers,
      body: input.body !== null && verb !== "GET" && verb !== "HEAD" ? input.body : undefined,
      signal: AbortSignal.timeout(STAGE_TIMEOUT_MS),
      redirect: "manual",
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const totalMs = Math.round((performance.now() - started) * 100) / 100;
    const requestId = res.headers.get("x-amzn-requestid");
    const resHeaders: Array<[string, string]> = [];
    res.headers.forEach((value, name) => resHeaders.push([name, value]));
    const entry = requestId ? await accessEntry(db, requestId, stage.accessLogFormat ? 2500 : 0) : null;
    const timing = entry
      ? {
          totalMs,
          integrationMs: entry.integrationLatencyMs,
          gatewayMs: entry.integrationLatencyMs === null ? null : Math.max(0, entry.latencyMs - entry.integrationLatencyMs),
          note: entry.integrationLatencyMs === null ? "The request did not reach an integration." : null,
        }
      : {
          totalMs,
          integrationMs: null,
          gatewayMs: null,
          note: stage.accessLogFormat
            ? "The stage's access log entry for this request was not written in time (it is flushed in batches): total only."
            : "The stage's access logging is off, so the integration latency is unknown: total only.",
        };
    // The stage's execution log lines for this request, when it logs (written in the same flush as the access entry).
    const lines = requestId && (entry || !stage.accessLogFormat) ? await executionLines(db, requestId) : [];
    result = { status: res.status, latency: totalMs, headers: resHeaders, ...presentBody(bytes), log: lines, timedOut: false, requestId, timing, historyId: null };
  } catch (err) {
    const timedOut = (err as Error).name === "TimeoutError";
    if (!timedOut) throw new AppError("bad-gateway", `The gateway is unreachable (${(err as { cause?: Error }).cause?.message ?? (err as Error).message}). Is it running?`);
    const totalMs = Math.round(performance.now() - started);
    result = {
      status: 0,
      latency: totalMs,
      headers: [],
      body: `No answer within ${STAGE_TIMEOUT_MS / 1000} s.`,
      bodyEncoding: "text",
      bodySize: 0,
      truncated: false,
      log: [{ step: "send", durationMs: totalMs, level: "ERROR", message: `Timed out after ${STAGE_TIMEOUT_MS} ms waiting for the gateway` }],
      timedOut: true,
      requestId: null,
      timing: { totalMs, integrationMs: null, gatewayMs: null, note: "Timed out." },
      historyId: null,
    };
  }
  const saved = ZSavedRequest.parse({
    path,
    query: input.query,
    headers: input.headers,
    body: input.body,
    apiKey: apiKeyId ?? input.apiKey,
    bearerTokenHint: input.bearerToken ? `${input.bearerToken.slice(0, 6)}…` : null,
  });
  result.historyId = await recordHistory(
    db,
    principal,
    { mode: "stage", restApiId: input.restApiId, resourceId: input.resourceId, httpMethod: input.httpMethod.toUpperCase(), stageName: input.stageName, request: saved },
    result,
  );
  return result;
}

interface HistoryTarget {
  mode: "method" | "stage";
  restApiId: string;
  resourceId: string | null;
  httpMethod: string;
  stageName: string | null;
  request: TSavedRequest;
}

/** Inserts a history entry and prunes the user's history to the last HISTORY_LIMIT. Tokens without a user keep none. */
export async function recordHistory(db: Db, principal: Principal, target: HistoryTarget, result: TTestResult): Promise<string | null> {
  if (!principal.userId) return null;
  const userId = principal.userId;
  const body = result.body.length > HISTORY_BODY_LIMIT ? result.body.slice(0, HISTORY_BODY_LIMIT) : result.body;
  const row = await db.testRequest.create({
    data: {
      userId,
      mode: target.mode,
      restApiId: target.restApiId,
      resourceId: target.resourceId,
      httpMethod: target.httpMethod,
      stageName: target.stageName,
      request: target.request,
      response: {
        status: result.status,
        latency: result.latency,
        headers: result.headers,
        body,
        bodyEncoding: result.bodyEncoding,
        bodySize: result.bodySize,
        timedOut: result.timedOut,
        log: result.log.slice(0, 200),
      },
    },
    select: { id: true },
  });
  const keep = await db.testRequest.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: HISTORY_LIMIT, take: 1, select: { createdAt: true, id: true } });
  if (keep[0]) {
    const stale = await db.testRequest.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: HISTORY_LIMIT, select: { id: true } });
    await db.testRequest.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
  }
  return row.id;
}

export async function listHistory(db: Db, principal: Principal): Promise<THistoryEntry[]> {
  if (!principal.userId) return [];
  const rows = await db.testRequest.findMany({ where: { userId: principal.userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: HISTORY_LIMIT });
  return rows.map((r) => {
    const response = r.response as { status?: number; latency?: number; bodySize?: number; timedOut?: boolean } | null;
    return {
      id: r.id,
      mode: r.mode === "stage" ? "stage" : "method",
      restApiId: r.restApiId,
      resourceId: r.resourceId,
      httpMethod: r.httpMethod,
      stageName: r.stageName,
      request: ZSavedRequest.parse(r.request ?? {}),
      response: response ? { status: response.status ?? 0, latency: response.latency ?? 0, bodySize: response.bodySize ?? 0, timedOut: response.timedOut ?? false } : null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** The stored response of one history entry (the caller's own). */
export async function getHistoryEntry(db: Db, principal: Principal, id: string): Promise<{ entry: THistoryEntry; response: unknown }> {
  const row = await db.testRequest.findFirst({ where: { id, userId: principal.userId ?? "-" } });
  if (!row) throw notFound(`History entry ${id} does not exist.`);
  const entry = (await listHistory(db, principal)).find((e) => e.id === id);
  if (!entry) throw notFound(`History entry ${id} does not exist.`);
  return { entry, response: row.response };
}

/** Deletes one entry, or the caller's whole history. */
export async function clearHistory(db: Db, principal: Principal, id?: string): Promise<void> {
  if (!principal.userId) return;
  await db.testRequest.deleteMany({ where: { userId: principal.userId, ...(id ? { id } : {}) } });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command for a saved request against a stage's invoke URL (or, for a
 * method test, `<stage>` to fill in). The API key is `$API_KEY` unless the
 * caller may reveal key values (admin, owner).
 */
export async function curlFor(
  db: Db,
  principal: Principal,
  target: { restApiId: string; stageName: string | null; httpMethod: string; request: TSavedRequest },
  gatewayUrl: string,
): Promise<string> {
  const { invokeUrl } = await import("../config");
  const base = target.stageName ? invokeUrl(gatewayUrl, target.restApiId, target.stageName) : invokeUrl(gatewayUrl, target.restApiId, "STAGE");
  const q = queryString(target.request.query);
  const path = target.request.path.startsWith("/") ? target.request.path : `/${target.request.path}`;
  const parts = ["curl", "-i", "-X", target.httpMethod === "ANY" ? "GET" : target.httpMethod, shellQuote(`${base}${path}${q && !path.includes("?") ? `?${q}` : ""}`)];
  for (const [name, value] of Object.entries(target.request.headers)) parts.push("-H", shellQuote(`${name}: ${value}`));
  if (target.request.apiKey) {
    let value = "$API_KEY";
    if (can(principal.role, "edit")) {
      try {
        value = (await resolveApiKey(db, target.request.apiKey)).value;
      } catch {
        value = "$API_KEY";
      }
    }
    parts.push("-H", value === "$API_KEY" ? `"x-api-key: $API_KEY"` : shellQuote(`x-api-key: ${value}`));
  }
  if (target.request.bearerTokenHint) parts.push("-H", `"Authorization: Bearer $TOKEN"`);
  if (target.request.body !== null && target.request.body !== "") parts.push("--data-binary", shellQuote(target.request.body));
  return parts.join(" ");
}
