import type { z } from "zod";
import { AppError } from "../errors";
import { prisma } from "../db";
import { principalFromRequest } from "../auth";
import { authorize, type Permission, type Principal } from "../services/permissions";
import { appErrorFromDatabase, invalid } from "../services/shared";
import { ZStatusCode } from "../schemas/management";
import { parseVerb, type MethodAddress } from "../services/methods";

type Handler<P> = (req: Request, principal: Principal, params: P) => Promise<Response>;
type RouteContext<P> = { params: Promise<P> };

/** Our error body: `{ message, code, problems? }`. */
export function errorResponse(err: AppError): Response {
  const body = err.problems.length > 0 ? { message: err.message, code: err.code, problems: err.problems } : { message: err.message, code: err.code };
  return Response.json(body, { status: err.status });
}

/**
 * Wraps a management route: authenticates (console session or `Bearer gh_…`
 * token; 401 JSON without either), authorizes `permission` (403 JSON), runs the
 * handler and turns thrown AppErrors into `{ message, code, problems }`.
 */
export function apiRoute<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const principal = await principalFromRequest(prisma(), req);
      if (!principal) throw new AppError("unauthorized", "Sign in, or send a valid personal access token (Authorization: Bearer gh_…).");
      authorize(principal, permission);
      return await handler(req, principal, await context.params);
    } catch (err) {
      const appError = err instanceof AppError ? err : appErrorFromDatabase(err);
      if (appError) return errorResponse(appError);
      console.error(err);
      return Response.json({ message: "Internal error", code: "internal" }, { status: 500 });
    }
  };
}

/** The route wrapper before roles existed: any signed-in user may read. */
export const withSession = <P>(handler: Handler<P>) => apiRoute<P>("read", handler);

/** Parses a JSON body (empty body: `{}`) with `schema`; 400 validation-failed naming each field. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await req.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw invalid([{ field: "body", message: "The body is not valid JSON" }]);
    }
  }
  return parseValue(raw, schema);
}

/** Parses query parameters with `schema`, like parseBody. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseValue(Object.fromEntries(new URL(req.url).searchParams), schema);
}

function parseValue<S extends z.ZodType>(raw: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    // One problem per field: the first, e.g. "required" rather than also "wrong format".
    const problems = new Map<string, string>();
    for (const issue of result.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join(".") : "body";
      if (!problems.has(field)) problems.set(field, issue.message);
    }
    throw invalid([...problems].map(([field, message]) => ({ field, message })));
  }
  return result.data;
}

/** `{restApiId, resourceId, httpMethod}` from a method route's params (400 naming httpMethod when it is not a verb). */
export function methodAddress(params: { restApiId: string; resourceId: string; httpMethod: string }): MethodAddress {
  return { restApiId: params.restApiId, resourceId: params.resourceId, httpMethod: parseVerb(params.httpMethod) };
}

/** The path's {statusCode} (400 naming it unless three digits 100–599). */
export function statusCodeParam(raw: string): string {
  const parsed = ZStatusCode.safeParse(raw);
  if (!parsed.success) throw invalid([{ field: "statusCode", message: parsed.error.issues[0].message }]);
  return parsed.data;
}

export const json = (body: unknown, status = 200) => Response.json(body, { status });
export const created = (body: unknown) => Response.json(body, { status: 201 });
export const noContent = () => new Response(null, { status: 204 });
