import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Db } from "../db";
import type { FieldProblem } from "../errors";
import type { TTemplatePreview, ZTemplatePreview } from "../schemas/management";
import { compileTemplate, parseTemplate, renderTemplate } from "../vtl";
import type { VtlProblem } from "../vtl/types";
import { requireApi } from "./restapis";
import { throwIfProblems } from "./shared";

/** Mapping templates (VTL): the syntax check on save and at deploy, and the console's preview. */

export function templateProblemMessage(problem: VtlProblem): string {
  return `Line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

/** One problem per template that does not parse, at `field["content/type"]`. */
export function templateProblems(field: string, templates: Record<string, string> | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [contentType, template] of Object.entries(templates ?? {})) {
    const problem = parseTemplate(template);
    if (problem) problems.push({ field: `${field}["${contentType}"]`, message: templateProblemMessage(problem) });
  }
  return problems;
}

/** `dd/MMM/yyyy:HH:mm:ss +0000`, as `$context.requestTime`. */
function requestTime(d: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function accountId(): string {
  const configured = process.env.GATEHOUSE_ACCOUNT_ID;
  return configured && /^\d{12}$/.test(configured) ? configured : "123456789012";
}

/** A plausible `$context` for a preview, like AWS's TestInvokeMethod. */
function previewContext(restApiId: string, input: z.output<typeof ZTemplatePreview>): Record<string, unknown> {
  const now = new Date();
  const requestId = randomUUID();
  const userAgent = Object.entries(input.headers).find(([k]) => k.toLowerCase() === "user-agent")?.[1] ?? "";
  const region = process.env.GATEHOUSE_REGION || "us-east-1";
  return {
    accountId: accountId(),
    apiId: restApiId,
    domainName: "testPrefix.testDomainName",
    domainPrefix: "testPrefix",
    extendedRequestId: "test-invoke-extendedRequestId",
    httpMethod: input.httpMethod.toUpperCase(),
    path: input.resourcePath,
    protocol: "HTTP/1.1",
    requestId,
    requestTime: requestTime(now),
    requestTimeEpoch: now.getTime(),
    resourceId: "test-invoke-resource-id",
    resourcePath: input.resourcePath,
    stage: "test-invoke-stage",
    isCanaryRequest: false,
    identity: {
      accountId: accountId(),
      apiKey: "test-invoke-api-key",
      apiKeyId: "test-invoke-api-key-id",
      caller: "test-invoke-caller",
      sourceIp: "test-invoke-source-ip",
      user: "test-invoke-user",
      userArn: `arn:aws:iam::${accountId()}:user/test-invoke-user`,
      userAgent,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
    },
    authorizer: {},
    error: {},
    region,
  };
}

/** Renders a template against a sample request (or integration response): output or the runtime error; 400 on a syntax error. */
export async function previewTemplate(db: Db, restApiId: string, input: z.output<typeof ZTemplatePreview>): Promise<TTemplatePreview> {
  await requireApi(db, restApiId);
  const problem = parseTemplate(input.template);
  if (problem) throwIfProblems([{ field: "template", message: templateProblemMessage(problem) }]);
  try {
    const compiled = compileTemplate(input.template);
    const result = renderTemplate(compiled, {
      body: input.body,
      params: { path: input.pathParameters, querystring: input.query, header: input.headers },
      context: previewContext(restApiId, input),
      stageVariables: input.stageVariables,
    });
    return { output: result.output, error: null, overrides: result.overrides };
  } catch (err) {
    return { output: null, error: err instanceof Error ? err.message : String(err), overrides: null };
  }
}
