import { parseQuery } from "../../lib/lambda/proxy-event-v1";
import { GatewayError } from "../errors";
import { modelValidator } from "../mapping/deployment-cache";
import { mediaType } from "../mapping/request-template";
import type { PipelineStage, RequestContext } from "./context";

/** The required method request parameters this request lacks, as AWS names them (`q`, `h`). */
function missingParameters(ctx: RequestContext, required: Record<string, boolean>): string[] {
  const query = new Set(parseQuery(ctx.request.rawQuery).map(([n]) => n));
  const headers = new Set(ctx.request.headerPairs.map(([n]) => n.toLowerCase()));
  const missing: string[] = [];
  for (const [key, isRequired] of Object.entries(required)) {
    if (!isRequired) continue;
    const m = /^method\.request\.(querystring|multivaluequerystring|header|multivalueheader|path)\.(.+)$/.exec(key);
    if (!m) continue;
    const [, location, name] = m;
    const present =
      location === "path"
        ? Boolean(ctx.route?.pathParameters[name])
        : location.endsWith("querystring")
          ? query.has(name)
          : headers.has(name.toLowerCase());
    if (!present) missing.push(name);
  }
  return missing;
}

/**
 * The method's request validator: required parameters (400 "Missing required
 * request parameters: [a, b]") and the body against the model for its content
 * type (400 "Invalid request body"), with the detail in `$context.error.validationErrorString`
 * and the log. Runs before the integration, like AWS.
 */
export const validateStage: PipelineStage = (ctx) => {
  const method = ctx.route!.method;
  const validator = method.requestValidator;
  if (!validator) return;
  if (validator.validateRequestParameters) {
    const missing = missingParameters(ctx, method.requestParameters);
    if (missing.length > 0) {
      const message = `Missing required request parameters: [${missing.join(", ")}]`;
      throw new GatewayError("BAD_REQUEST_PARAMETERS", { message, validationErrorString: message, logMessage: `Request validation failed: ${message}` });
    }
  }
  if (validator.validateRequestBody) {
    const contentType = mediaType(ctx);
    const modelName = method.requestModels[contentType] ?? method.requestModels["$default"];
    if (!modelName) return;
    const validate = modelValidator(ctx.deployment!.snapshot, modelName);
    const text = ctx.request.body?.toString("utf8") ?? "";
    let body: unknown;
    let problem: string | null;
    try {
      body = text.trim() === "" ? null : JSON.parse(text);
      problem = validate(body);
    } catch (err) {
      problem = `[Invalid JSON: ${(err as Error).message}]`;
    }
    if (problem) {
      throw new GatewayError("BAD_REQUEST_BODY", {
        validationErrorString: problem,
        logMessage: `Request body does not match model schema for content type ${contentType}: ${problem}`,
      });
    }
  }
};
