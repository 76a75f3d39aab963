import type { FieldProblem } from "../errors";
import { parseFunctionInvocationUri } from "../arn";

/** Cross-field rules for an integration, beyond what ZPutIntegration checks per field. Pure: unit-tested. */

export interface IntegrationShape {
  type: "HTTP" | "HTTP_PROXY" | "MOCK" | "AWS_PROXY" | "AWS";
  httpMethod?: string | null;
  uri: string;
  timeoutInMillis: number;
}

/** `https://${stageVariables.host}/x/{id}` → a parseable URL: placeholders become plain words. */
function withoutPlaceholders(uri: string): string {
  return uri.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, "$1").replace(/\{([A-Za-z0-9._-]+\+?)\}/g, "p");
}

export function isHttpUrl(uri: string): boolean {
  if (!/^https?:\/\//i.test(uri)) return false;
  try {
    const url = new URL(withoutPlaceholders(uri));
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function integrationProblems(i: IntegrationShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (i.type !== "MOCK" && !i.httpMethod) {
    problems.push({ field: "httpMethod", message: `httpMethod is required for ${i.type} integrations (functions are called with POST)` });
  }
  if (i.type === "HTTP" || i.type === "HTTP_PROXY") {
    if (!i.uri) problems.push({ field: "uri", message: `A URL is required for ${i.type} integrations` });
    else if (!isHttpUrl(i.uri)) problems.push({ field: "uri", message: "Use an absolute http:// or https:// URL" });
  }
  if (i.type === "AWS" || i.type === "AWS_PROXY") {
    if (!parseFunctionInvocationUri(i.uri)) {
      problems.push({
        field: "uri",
        message:
          "Use a function invocation ARN: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:{name}/invocations",
      });
    }
  }
  if (!Number.isInteger(i.timeoutInMillis) || i.timeoutInMillis < 50 || i.timeoutInMillis > 29_000) {
    problems.push({ field: "timeoutInMillis", message: "Timeout is 50–29000 ms" });
  }
  return problems;
}

/** A selection pattern must be a valid regular expression (matched against the backend's status or error). */
export function selectionPatternProblems(pattern: string | null | undefined): FieldProblem[] {
  if (!pattern) return [];
  try {
    new RegExp(pattern);
    return [];
  } catch (err) {
    return [{ field: "selectionPattern", message: `Not a valid regular expression: ${(err as Error).message}` }];
  }
}
