import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { randomBase64 } from "./random";
import pg from "pg";
import { Agent } from "undici";
import type { ArnContext } from "../lib/arn";
import { GatewayError } from "./errors";
import { FunctionInvoker } from "./functions/invoker";
import { FunctionLogWriter } from "./functions/log-writer";
import { ProcessFunctionRuntime } from "./functions/process-runtime";
import { handleInternalInvoke, INTERNAL_INVOKE_PATH } from "./internal/invoke";
import { handleInternalAuthorizerTest, INTERNAL_AUTHORIZER_TEST_PATH } from "./internal/authorizer-test";
import { handleInternalTestInvoke } from "./internal/test-invoke";
import { authorizeStage } from "./pipeline/authorize";
import { JwksCache } from "./auth/jwks";
import { AuthorizerResultCache } from "./auth/result-cache";
import { functionCaller } from "./integrations/function-call";
import { functionCustomIntegration } from "./integrations/function-custom";
import { functionProxyIntegration } from "./integrations/function-proxy";
import { httpIntegration } from "./integrations/http";
import { httpProxyIntegration } from "./integrations/http-proxy";
import { mockIntegration } from "./integrations/mock";
import { GatewayMetrics, type GatewayMetricsOptions } from "./metrics/index";
import { startAdminServer } from "./admin/server";
import type { RequestContext } from "./pipeline/context";
import { named, runPipeline } from "./pipeline/index";
import { RequestLogWriter, type RequestLogOptions } from "./logging/writer";
import { integrateStage } from "./pipeline/integrate";
import { matchResourceStage } from "./pipeline/match-resource";
import { renderError } from "./pipeline/render-error";
import { routeStage } from "./pipeline/route";
import { selectDeploymentStage } from "./pipeline/select-deployment";
import { validateStage } from "./pipeline/validate";
import { apiKeyStage } from "./pipeline/api-key";
import { startApiKeyAccess } from "./access/api-keys";
import type { InvalidKeyLimits } from "./access/invalid-key-limiter";
import { SnapshotStore } from "./snapshot-store";
import { AccessKeyStore } from "./access/access-key-store";
import { verifySignatureStage } from "./pipeline/verify-signature";
import { throttleStage } from "./pipeline/throttle";
import { createStateBackend, type StateOptions } from "./state/index";
import { AccountLimits } from "./state/account-limits";
import type { ThrottleLimits } from "./access/token-bucket";
import { cacheStage, prefetchCacheLookup } from "./pipeline/cache";
import { ResponseCache } from "./cache/response-cache";
import { stageNamespace } from "./cache/policy";
import { handleInternalCacheStats, INTERNAL_CACHE_PATH } from "./cache/internal";
import { connectRedis } from "./state/redis-connection";

export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions extends ArnContext {
  databaseUrl: string;
  port: number;
  host: string;
  metricsFlushMs: number;
  /** GATEHOUSE_SECRET_KEY: decrypts function secrets and keys the internal token. */
  secretKey?: string;
  functions?: { allowedHosts?: string[]; defaultConcurrency?: number; idleMs?: number };
  /** Repeated invalid API keys from one client: attempts per window before a cool-down (GATEHOUSE_INVALID_KEY_*). */
  invalidKeyLimits?: InvalidKeyLimits;
  log?: (level: "info" | "warn" | "error", message: string) => void;
  /** Throttle buckets and quotas: memory, or Redis shared by every instance (REDIS_URL, GATEHOUSE_REDIS_KEY_PREFIX, GATEHOUSE_QUOTA_OUTAGE_POLICY). */
  state?: StateOptions;
  /** Account-level throttle defaults (GATEHOUSE_ACCOUNT_RATE_LIMIT / _BURST_LIMIT); an admin's stored value wins. */
  accountLimits?: ThrottleLimits;
  /** Response cache: memory for all stages (GATEHOUSE_CACHE_MAX_MEMORY_MB, bytes), Redis to share it (REDIS_URL). */
  cache?: { maxMemoryBytes?: number; redisUrl?: string; redisPrefix?: string };
  /** Access and execution logs: stdout copy (GATEHOUSE_ACCESS_LOG_STDOUT) and retention (gateway/logging/). */
  requestLogs?: RequestLogOptions;
  /** Detailed metrics (gateway/metrics/): series cap, buffer bound, retention, rollup interval. */
  detailedMetrics?: Omit<GatewayMetricsOptions, "flushMs" | "log">;
  /** Admin port for `/metrics` and `/health` (GATEWAY_ADMIN_PORT; 0: a free port); unset: no admin server. */
  adminPort?: number;
}

export interface Gateway {
  port: number;
  store: SnapshotStore;
  detailedMetrics: GatewayMetrics;
  /** The admin server's port, or null when none runs. */
  adminPort: number | null;
  requestLogs: RequestLogWriter;
  runtime: ProcessFunctionRuntime;
  close(): Promise<void>;
}

class PayloadTooLarge extends Error {}

/** How much of an oversized body is read and thrown away before the 413, at most. */
const DRAIN_LIMIT_BYTES = 4 * MAX_PAYLOAD_BYTES;
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Reads and discards the rest of a request body, then calls `done`. Answering
 * (and closing) while the client is still sending makes it fail with EPIPE
 * before it reads the answer, so the 413 waits for the body, within limits.
 */
function drainThen(req: http.IncomingMessage, done: () => void): void {
  if (req.readableEnded) return done();
  let drained = 0;
  const finish = () => {
    clearTimeout(timer);
    req.removeListener("data", onData);
    req.removeListener("end", finish);
    done();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
  req.on("data", onData);
  req.on("end", finish);
  req.resume();
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => drainThen(req, () => reject(new PayloadTooLarge()));
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_PAYLOAD_BYTES) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        req.removeListener("data", onData);
        chunks.length = 0;
        tooLarge();
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      if (size <= MAX_PAYLOAD_BYTES) resolve(size === 0 ? null : Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function headerPairs(req: http.IncomingMessage): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return pairs;
}

/** AWS's extendedRequestId looks like `Abc1De2FGhIJ=`. */
const extendedId = () => `${randomBase64(9).replace(/[+/]/g, "A").slice(0, 11)}=`;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? ((level, message) => console[level === "info" ? "log" : level](`[gateway] ${message}`));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3, connectionTimeoutMillis: 5000 });
  pool.on("error", (err) => log("warn", `database pool: ${err.message}`));
  const store = new SnapshotStore(options.databaseUrl, pool, log, options.secretKey);
  const runtime = new ProcessFunctionRuntime({ ...options.functions, log });
  store.onFunction = (name, served) => {
    // New code runs on new instances: stop the idle ones of replaced revisions, warm a spare for the new one.
    const revisions = new Set(served ? [served.latest.revision, ...[...served.versions.values()].map((v) => v.revision)] : []);
    runtime.retireStale(name, revisions);
    if (served) runtime.prewarm(served.latest.memoryMb);
  };
  const accessKeys = new AccessKeyStore(pool, options.secretKey, log);
  await accessKeys.start(store);
  await store.start();
  runtime.prewarm(128);
  // One Redis connection for the state backend and the response cache (same URL): one socket, one breaker.
  const sharedRedis = options.state?.connection ?? (options.state?.redisUrl ? await connectRedis(options.state.redisUrl, log) : undefined);
  const state = await createStateBackend({ ...options.state, connection: sharedRedis }, log);
  const accountLimits = new AccountLimits(pool, options.accountLimits ?? { rateLimit: 10_000, burstLimit: 5_000 }, log);
  await accountLimits.start(store);
  const apiKeys = await startApiKeyAccess({ pool, snapshots: store, log, flushMs: options.metricsFlushMs, invalidKeyLimits: options.invalidKeyLimits, state });
  const detailedMetrics = new GatewayMetrics(pool, { flushMs: options.metricsFlushMs, ...options.detailedMetrics, log });
  detailedMetrics.start();
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const cacheRedis = options.cache?.redisUrl
    ? sharedRedis && sharedRedis.url === options.cache.redisUrl
      ? sharedRedis
      : await connectRedis(options.cache.redisUrl, log)
    : undefined;
  const responseCache = new ResponseCache({ maxMemoryBytes: options.cache?.maxMemoryBytes ?? 512 * 1024 * 1024, redis: cacheRedis, redisPrefix: options.cache?.redisPrefix, log });
  store.subscribeState({
    onNotice: (notice) => {
      if (notice.kind === "flush-cache") void responseCache.flush(stageNamespace(notice.restApiId, notice.stageName), notice.flushId);
    },
    // Flush notices sent while disconnected are lost: drop this process's entries rather than serve flushed ones.
    onReconnect: () => responseCache.clearLocal(),
  });
  const functionLogs = new FunctionLogWriter(pool, log);
  functionLogs.start(options.metricsFlushMs);
  const requestLogs = new RequestLogWriter(pool, log, { ...options.requestLogs, accessLogThread: { databaseUrl: options.databaseUrl } });
  requestLogs.start(options.metricsFlushMs);
  const invoker = new FunctionInvoker(runtime, functionLogs, log);
  const callFunction = functionCaller(store, invoker, options, agent);
  const authorizerDeps = { callFunction, jwks: new JwksCache(), results: new AuthorizerResultCache(), arn: options, secretKey: options.secretKey };
  const stages = [
    named("route", routeStage(store)),
    named("select deployment", selectDeploymentStage()),
    named("match resource", matchResourceStage),
    named("verify signature", verifySignatureStage(accessKeys, options)),
    named("authorize", authorizeStage(authorizerDeps)),
    named("throttle", throttleStage({ backend: state, account: () => accountLimits.limits, beforeTake: (ctx) => prefetchCacheLookup(ctx, responseCache) })),
    named("api key", apiKeyStage(apiKeys)),
    named("validate", validateStage),
    named("cache and integration", cacheStage(
      integrateStage({
        AWS_PROXY: functionProxyIntegration(callFunction, options),
        AWS: functionCustomIntegration(callFunction),
        HTTP_PROXY: httpProxyIntegration(agent),
        HTTP: httpIntegration(agent),
        MOCK: mockIntegration,
      }),
      { cache: responseCache, record: (ctx, hit) => detailedMetrics.recordCache(ctx, hit), log },
    )),
  ];

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const ctx: RequestContext = {
      requestId: randomUUID(),
      extendedRequestId: extendedId(),
      receivedAt: Date.now(),
      accountId: options.accountId,
      raw: req,
      request: {
        httpMethod: req.method ?? "GET",
        path: queryAt < 0 ? url : url.slice(0, queryAt),
        rawQuery: queryAt < 0 ? "" : url.slice(queryAt + 1),
        headerPairs: headerPairs(req),
        body: null,
        domainName: (req.headers.host ?? "").replace(/:\d+$/, ""),
        sourceIp: (req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
      },
    };
    if (ctx.request.path === "/_gatehouse/health" && !/\.execute-api\./.test(ctx.request.domainName)) {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "ok", stages: store.stageCount }));
      return;
    }
    if (INTERNAL_AUTHORIZER_TEST_PATH.test(ctx.request.path) && !/\.execute-api\./.test(ctx.request.domainName)) {
      try {
        await handleInternalAuthorizerTest(req, res, await readBody(req), { ...authorizerDeps, requestId: ctx.requestId });
      } catch (err) {
        log("error", `internal authorizer test failed: ${(err as Error).stack ?? err}`);
        if (!res.headersSent) res.writeHead(err instanceof PayloadTooLarge ? 413 : 500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: "Internal server error" }));
      }
      return;
    }
    const cacheStats = INTERNAL_CACHE_PATH.exec(ctx.request.path);
    if (cacheStats && !/\.execute-api\./.test(ctx.request.domainName)) {
      handleInternalCacheStats(req, res, cacheStats, { cache: responseCache, store, secretKey: options.secretKey });
      return;
    }
    if (await handleInternalTestInvoke(req, res, ctx.request, { callFunction, agent, arn: options, secretKey: options.secretKey, requestId: ctx.requestId, log })) return;
    const internal = INTERNAL_INVOKE_PATH.exec(ctx.request.path);
    if (internal && !/\.execute-api\./.test(ctx.request.domainName)) {
      try {
        const body = await readBody(req);
        await handleInternalInvoke(req, res, internal[1], body, { store, invoker, arn: options, secretKey: options.secretKey, requestId: ctx.requestId });
      } catch (err) {
        log("error", `internal invoke failed: ${(err as Error).stack ?? err}`);
        if (!res.headersSent) res.writeHead(err instanceof PayloadTooLarge ? 413 : 500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: err instanceof PayloadTooLarge ? "Request Too Long" : "Internal server error" }));
      }
      return;
    }
    let result;
    let throttled = false;
    try {
      try {
        ctx.request.body = await readBody(req);
      } catch (err) {
        if (err instanceof PayloadTooLarge) throw new GatewayError("REQUEST_TOO_LARGE");
        throw err;
      }
      await runPipeline(stages, ctx);
      result = ctx.response!;
    } catch (err) {
      throttled = err instanceof GatewayError && err.type === "THROTTLED";
      ctx.failure = err;
      const rendered = renderError(err, ctx);
      result = rendered.result;
      ctx.errorLog = rendered.logMessage;
      // Server-side failures and failed request validations are worth a line (the latter's detail is nowhere else).
      const validation = err instanceof GatewayError && (err.type === "BAD_REQUEST_BODY" || err.type === "BAD_REQUEST_PARAMETERS");
      if (result.statusCode >= 500 || validation) {
        const served = ctx.deployment ? ` (deployment ${ctx.deployment.deploymentId}${ctx.deployment.isCanary ? ", canary" : ""})` : "";
        log(validation ? "info" : "warn", `${ctx.requestId} ${ctx.request.httpMethod} ${url}${served}: ${rendered.logMessage}`);
      }
    }
    const headers: Array<[string, string]> = [
      ...result.headers,
      ["x-amzn-RequestId", ctx.requestId],
      ["x-amz-apigw-id", ctx.extendedRequestId],
      ["Content-Length", String(result.body.length)],
    ];
    res.writeHead(result.statusCode, headers.flat());
    res.end(ctx.request.httpMethod === "HEAD" ? undefined : result.body);
    detailedMetrics.observe(ctx, result, throttled);
    requestLogs.record(ctx, result);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`Port ${options.port} (GATEWAY_PORT) is already in use.`) : err),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const admin = options.adminPort === undefined
    ? null
    : await startAdminServer({
        port: options.adminPort,
        host: options.host,
        metrics: () => detailedMetrics.prometheus.render(),
        health: () => ({ stages: store.stageCount }),
        log,
      });

  return {
    port,
    store,
    detailedMetrics,
    adminPort: admin?.port ?? null,
    requestLogs,
    runtime,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await admin?.close();
      await detailedMetrics.stop();
      await apiKeys.close();
      await state.close();
      await runtime.close();
      await functionLogs.stop();
      await requestLogs.stop();
      await store.close();
      responseCache.close();
      if (cacheRedis !== sharedRedis) await cacheRedis?.close();
      await agent.close();
      await pool.end();
    },
  };
}
