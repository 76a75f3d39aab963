import { isBinaryMediaType } from "../../lib/lambda/proxy-event-v1";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { renderTemplate, VtlRuntimeError, type VtlOverrides } from "../../lib/vtl";
import { GatewayError } from "../errors";
import type { RequestContext } from "../pipeline/context";
import { compiledTemplate } from "./deployment-cache";
import { vtlInput } from "./vtl-input";

type MappedIntegration = Extract<TDeployedIntegration, { type: "HTTP" | "MOCK" | "AWS" }>;

/** The request's media type for template selection: Content-Type without parameters; none means application/json (AWS). */
export function mediaType(ctx: RequestContext): string {
  const header = ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "content-type")?.[1];
  const type = header?.split(";")[0].trim().toLowerCase();
  return type || "application/json";
}

export interface MappedRequestBody {
  /** What the integration receives; null when the request had no body and no template ran. */
  body: Buffer | null;
  /** The template's content type when one ran (the integration's Content-Type), else undefined. */
  contentType?: string;
  overrides?: VtlOverrides;
}

/** Renders a template, turning its run-time failure into AWS's 500 with the reason in the log. */
export function renderOrFail(ctx: RequestContext, source: string, body: string, what: "request" | "response") {
  const template = compiledTemplate(ctx.deployment!.snapshot, source);
  try {
    return renderTemplate(template, vtlInput(ctx, body));
  } catch (err) {
    const reason = err instanceof VtlRuntimeError ? err.message : `unexpected: ${(err as Error)?.message ?? String(err)}`;
    throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: Unable to transform ${what}: ${reason}` });
  }
}

/**
 * The integration request body: the request template for the request's media
 * type, else the passthrough behaviour (WHEN_NO_MATCH passes the body;
 * WHEN_NO_TEMPLATES passes it only when no template is defined; NEVER
 * refuses; refusals are 415). Content handling: a binary body (one of the
 * API's binary media types) passes as it is unless CONVERT_TO_TEXT makes it
 * base64 text for the template; CONVERT_TO_BINARY base64-decodes the text result.
 */
export function mapRequestBody(ctx: RequestContext, integration: MappedIntegration): MappedRequestBody {
  const raw = ctx.request.body;
  const type = mediaType(ctx);
  const binary = raw !== null && isBinaryMediaType(type, ctx.deployment!.snapshot.binaryMediaTypes);
  if (binary && integration.contentHandling !== "CONVERT_TO_TEXT") return { body: raw };
  const text = binary ? raw.toString("base64") : (raw?.toString("utf8") ?? "");

  const templates = integration.requestTemplates;
  const source = Object.hasOwn(templates, type) ? templates[type] : undefined;
  let mapped: MappedRequestBody;
  if (source !== undefined) {
    const result = renderOrFail(ctx, source, text, "request");
    mapped = { body: Buffer.from(result.output), contentType: type, overrides: result.overrides };
  } else {
    const behavior = integration.passthroughBehavior;
    const refuse = behavior === "NEVER" || (behavior === "WHEN_NO_TEMPLATES" && Object.keys(templates).length > 0);
    if (refuse) throw new GatewayError("UNSUPPORTED_MEDIA_TYPE", { logMessage: `No mapping template for content type ${type} (passthrough behavior ${behavior})` });
    mapped = { body: binary ? Buffer.from(text) : raw };
  }
  if (integration.contentHandling === "CONVERT_TO_BINARY" && mapped.body) {
    mapped.body = Buffer.from(mapped.body.toString("utf8"), "base64");
  }
  ctx.trace?.info("request template", source !== undefined ? `Request template for ${type} rendered` : `No request template for ${type}: body passed through`);
  ctx.trace?.data("request template", "Endpoint request body after transformations", mapped.body);
  return mapped;
}
