import { isBinaryMediaType } from "../../lib/lambda/proxy-event-v1";
import type { TDeployedIntegrationResponse } from "../../lib/snapshot";
import type { VtlOverrides } from "../../lib/vtl";
import type { RequestContext } from "../pipeline/context";
import type { IntegrationOutput } from "./integration-response";
import { renderOrFail } from "./request-template";

export interface MappedResponseBody {
  body: Buffer;
  /** The chosen template's content type (the response's Content-Type unless a header mapping sets it). */
  contentType?: string;
  overrides?: VtlOverrides;
}

/**
 * The template key for an Accept header: the first accepted type a template has (case-insensitive), else
 * application/json, else the first. Shared by integration responses and gateway responses.
 */
export function templateKeyFor(templates: Record<string, string>, accept: string | undefined): string | undefined {
  const keys = Object.keys(templates);
  if (keys.length === 0) return undefined;
  for (const part of (accept ?? "").split(",")) {
    const type = part.split(";")[0].trim().toLowerCase();
    const key = type ? keys.find((k) => k.toLowerCase() === type) : undefined;
    if (key) return key;
  }
  return Object.hasOwn(templates, "application/json") ? "application/json" : keys[0];
}

const acceptOf = (ctx: RequestContext) => ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "accept")?.[1];

/**
 * The method response body: the chosen integration response's template
 * rendered over the integration's body (`$input.body`), or that body passed
 * through. Content handling as AWS converts: a binary integration body (its
 * Content-Type is one of the API's binary media types) becomes base64 text
 * with CONVERT_TO_TEXT; text (or a rendered template) is base64-decoded with
 * CONVERT_TO_BINARY.
 */
export function mapResponseBody(ctx: RequestContext, chosen: TDeployedIntegrationResponse, output: IntegrationOutput): MappedResponseBody {
  const handling = chosen.contentHandling;
  const source = output.body;
  const backendType = output.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1];
  const binary = source.length > 0 && isBinaryMediaType(backendType, ctx.deployment!.snapshot.binaryMediaTypes);
  const decode = (b: Buffer) => Buffer.from(b.toString("utf8"), "base64");
  const key = templateKeyFor(chosen.responseTemplates, acceptOf(ctx));
  if (key === undefined) {
    if (binary) return { body: handling === "CONVERT_TO_TEXT" ? Buffer.from(source.toString("base64")) : source };
    return { body: handling === "CONVERT_TO_BINARY" ? decode(source) : source };
  }
  const text = binary && handling === "CONVERT_TO_TEXT" ? source.toString("base64") : source.toString("utf8");
  const result = renderOrFail(ctx, chosen.responseTemplates[key], text, "response");
  const body = Buffer.from(result.output);
  ctx.trace?.data("response template", `Response template for ${key}: method response body after transformations`, body);
  return { body: handling === "CONVERT_TO_BINARY" ? decode(body) : body, contentType: key, overrides: result.overrides };
}
