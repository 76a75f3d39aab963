import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Agent } from "undici";
import type { ArnContext } from "../../lib/arn";
import { ZDeploymentSnapshot } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import { functionCustomIntegration } from "../integrations/function-custom";
import type { FunctionCaller } from "../integrations/function-call";
import { functionProxyIntegration } from "../integrations/function-proxy";
import { httpIntegration } from "../integrations/http";
import { httpProxyIntegration } from "../integrations/http-proxy";
import { mockIntegration } from "../integrations/mock";
import { ExecutionTrace, SECRET_HEADERS } from "../logging/trace";
import { resolveTrace } from "../logging/request-trace";
import type { RequestContext } from "../pipeline/context";
import { named, runPipeline, type NamedStage } from "../pipeline/index";
import { integrateStage, type IntegrationRegistry } from "../pipeline/integrate";
import { matchResourceStage } from "../pipeline/match-resource";
import { renderError } from "../pipeline/render-error";
import { validateStage } from "../pipeline/validate";
import { RouteTable } from "../routing/route-table";
import type { ServedStage } from "../snapshot-store";

/**
 * Test invoke (AWS's TestInvokeMethod): runs one method of a posted snapshot —
 * the API's working copy compiled by the console, never deployed — through
 * the gateway's own pipeline stages from "match resource" on (validate, then
 * the integration registered for the type). Like AWS, authorization, throttling
 * and API keys are skipped; the execution log is always INFO with data tracing.
 */

export const TEST_STAGE_NAME = "test-invoke-stage";
/** Whole-run guard on top of the integration's own timeout: answer with the partial log. */
export const TEST_RUN_TIMEOUT_MS = 45_000;

export const ZTestInvokeInput = z.object({
  snapshot: z.unknown(),
  resourceId: z.string(),
  httpMethod: z.string(),
  /** Below the stage, with path parameters filled in: `/pets/7`. */
  path: z.string(),
  /** `a=1&b=2`, without `?`. */
  rawQuery: z.string().default(""),
  headers: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** Body text (UTF-8) or null. */
  body: z.string().nullable().default(null),
  stageVariables: z.record(z.string(), z.string()).default({}),
  runTimeoutMs: z.number().int().positive().max(120_000).optional(),
});
export type TTestInvokeInput = z.input<typeof ZTestInvokeInput>;

export interface TestLogLine {
  time: number;
  step: string;
  level: "ERROR" | "INFO";
  durationMs: number | null;
  message: string;
}

export interface TestInvokeOutput {
  status: number;
  latencyMs: number;
  headers: Array<[string, string]>;
  /** Base64 of the response body. */
  bodyBase64: string;
  log: TestLogLine[];
  timedOut: boolean;
  requestId: string;
}

export interface TestInvokeDeps {
  callFunction: FunctionCaller;
  agent: Agent;
  arn: ArnContext;
}

const registries = new WeakMap<FunctionCaller, IntegrationRegistry>();

/** The same integration implementations real traffic uses, built once per gateway. */
export function testIntegrations(deps: TestInvokeDeps): IntegrationRegistry {
  let registry = registries.get(deps.callFunction);
  if (!registry) {
    registry = {
      AWS_PROXY: functionProxyIntegration(deps.callFunction, deps.arn),
      AWS: functionCustomIntegration(deps.callFunction),
      HTTP_PROXY: httpProxyIntegration(deps.agent),
      HTTP: httpIntegration(deps.agent),
      MOCK: mockIntegration,
    };
    registries.set(deps.callFunction, registry);
  }
  return registry;
}

export class TestInvokeInputError extends Error {}

/** A served stage around the posted snapshot: logging INFO with data tracing, no cache, no access log. */
export function testStage(snapshotInput: unknown, variables: Record<string, string>): ServedStage {
  const parsed = ZDeploymentSnapshot.safeParse(snapshotInput);
  if (!parsed.success) throw new TestInvokeInputError(`Bad snapshot: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const snapshot = parsed.data;
  return {
    restApiId: snapshot.restApiId,
    stageName: TEST_STAGE_NAME,
    deployment: { deploymentId: "test-invoke-deployment", snapshot, routes: new RouteTable(snapshot.resources) },
    variables,
    methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: true } },
    cache: { enabled: false, size: "0.5" },
    accessLogFormat: null,
  };
}

/** Runs the test; never throws for gateway errors (they are rendered as the client would see them). */
export async function runTestInvoke(deps: TestInvokeDeps, raw: unknown, requestId: string = randomUUID()): Promise<TestInvokeOutput> {
  const parsed = ZTestInvokeInput.safeParse(raw);
  if (!parsed.success) throw new TestInvokeInputError(`Bad test request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const input = parsed.data;
  const stage = testStage(input.snapshot, input.stageVariables);
  const resource = stage.deployment.snapshot.resources.find((r) => r.id === input.resourceId);
  if (!resource) throw new TestInvokeInputError(`Resource ${input.resourceId} is not in the snapshot.`);
  const httpMethod = input.httpMethod.toUpperCase();
  const path = input.path.startsWith("/") ? input.path : `/${input.path}`;
  const rawQuery = input.rawQuery.replace(/^\?/, "");
  const secrets = input.headers.filter(([n]) => SECRET_HEADERS.has(n.toLowerCase())).map(([, v]) => v);
  const bearer = secrets.map((s) => /^\S+\s+(\S+)$/.exec(s)?.[1]).filter((s): s is string => Boolean(s));
  const trace = new ExecutionTrace("INFO", true, [...secrets, ...bearer]);
  const started = performance.now();
  const ctx: RequestContext = {
    requestId,
    extendedRequestId: "TestInvoke00=",
    receivedAt: Date.now(),
    accountId: deps.arn.accountId,
    raw: { httpVersion: "1.1", url: `/${TEST_STAGE_NAME}${path}${rawQuery ? `?${rawQuery}` : ""}`, headers: {}, socket: {} } as unknown as IncomingMessage,
    request: {
      httpMethod,
      path,
      stagePath: `/${TEST_STAGE_NAME}${path}`,
      rawQuery,
      headerPairs: input.headers.map(([n, v]) => [n, v] as [string, string]),
      body: input.body === null || input.body === "" ? null : Buffer.from(input.body, "utf8"),
      domainName: `${stage.restApiId}.execute-api.test-invoke`,
      sourceIp: "test-invoke-source-ip",
    },
    restApiId: stage.restApiId,
    stageName: TEST_STAGE_NAME,
    stage,
    deployment: { ...stage.deployment, variables: stage.variables, isCanary: false },
    trace,
  };
  trace.info("test invoke", `Execution log for request ${requestId}`);
  trace.info("test invoke", "Test invoke: authorization, throttling and API keys are skipped (as in AWS's TestInvokeMethod)");
  trace.info("test invoke", `Stage variables: ${JSON.stringify(input.stageVariables)}`);
  const stages: NamedStage[] = [
    named("match resource", (c) => {
      matchResourceStage(c);
      if (c.route && c.route.resource.id !== resource.id) {
        throw new GatewayError("MISSING_AUTHENTICATION_TOKEN", {
          logMessage: `the path ${path} reaches resource ${c.route.resource.path}, not the tested ${resource.path}`,
        });
      }
      resolveTrace(c);
    }),
    named("validate", validateStage),
    named("integration", integrateStage(testIntegrations(deps))),
  ];
  let timedOut = false;
  let result;
  const runTimeout = input.runTimeoutMs ?? TEST_RUN_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = runPipeline(stages, ctx).then(() => ctx.response!);
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new GatewayError("INTEGRATION_TIMEOUT", { logMessage: `test invoke did not finish within ${runTimeout} ms` }));
      }, runTimeout);
    });
    run.catch(() => {});
    result = await Promise.race([run, guard]);
  } catch (err) {
    if (err instanceof GatewayError && err.type === "INTEGRATION_TIMEOUT") timedOut = true;
    const rendered = renderError(err, ctx);
    result = rendered.result;
    trace.error("response", `Execution failed: ${rendered.logMessage}`);
  } finally {
    clearTimeout(timer);
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;
  trace.info("response", `Method completed with status: ${result.statusCode}`, latencyMs);
  const headers: Array<[string, string]> = [...result.headers, ["x-amzn-RequestId", requestId]];
  return {
    status: result.statusCode,
    latencyMs,
    headers,
    bodyBase64: Buffer.from(result.body).toString("base64"),
    log: trace.lines.map((l) => ({ ...l })),
    timedOut,
    requestId,
  };
}
