import type { z } from "zod";
import type { Db } from "../db";
import { AppError } from "../errors";
import { internalToken } from "../internal-token";
import type { TInvokeResult, ZInvokeFunction } from "../schemas/functions";
import { notFound } from "./shared";

/** Where the console reaches the gateway's internal endpoints. */
export function internalGatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GATEHOUSE_INTERNAL_GATEWAY_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? 8080}`).replace(/\/$/, "");
}

/**
 * A test invocation from the console: the gateway runs the function (the
 * same runtime API traffic uses) and answers with the result, timings and
 * the invocation's log lines. 502 when the gateway cannot be reached.
 */
export async function invokeFunction(
  db: Db,
  name: string,
  input: z.output<typeof ZInvokeFunction>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TInvokeResult> {
  const fn = await db.function.findUnique({ where: { name }, select: { id: true } });
  if (!fn) throw notFound(`Function ${name} does not exist.`);
  if (input.qualifier && input.qualifier !== "$LATEST") {
    const version = await db.functionVersion.findUnique({ where: { functionId_number: { functionId: fn.id, number: Number(input.qualifier) } } });
    if (!version) throw notFound(`Function ${name} has no version ${input.qualifier}.`);
  }
  const secretKey = env.GATEHOUSE_SECRET_KEY;
  if (!secretKey) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: the console cannot authenticate to the gateway.");
  const base = internalGatewayUrl(env);
  let res: Response;
  try {
    res = await fetch(`${base}/_gatehouse/functions/${encodeURIComponent(name)}/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-gatehouse-internal-token": internalToken(secretKey) },
      body: JSON.stringify({ event: input.event ?? {}, ...(input.qualifier ? { qualifier: input.qualifier } : {}) }),
      signal: AbortSignal.timeout(910_000),
    });
  } catch (err) {
    throw new AppError("bad-gateway", `The gateway at ${base} is unreachable (${(err as Error).cause ? String((err as { cause: Error }).cause.message) : (err as Error).message}). Is it running?`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (res.status === 404 && !(body && typeof body === "object" && "ok" in body)) {
    const message = (body as { message?: string } | null)?.message;
    throw new AppError("bad-gateway", `The gateway answered 404 for the test invoke${message ? `: ${message}` : ""} (does it serve /_gatehouse/functions/…/invoke?).`);
  }
  if (!res.ok || !body || typeof body !== "object" || !("ok" in body)) {
    const message = (body as { message?: string } | null)?.message ?? text.slice(0, 200);
    throw new AppError("bad-gateway", `The gateway could not run the test (${res.status}): ${message}`);
  }
  return body as TInvokeResult;
}
