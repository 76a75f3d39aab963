import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TStage, TStageCacheStats } from "../../lib/schemas/management";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * The cache as a new user sets it up, through the management API only: a
 * method keyed on a query parameter, caching on with a 60 s TTL, the backend's
 * request count staying flat, statistics, flush, and refused bad input.
 */

const SECRET_KEY = "cache-management-secret-key-0123456789";
let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let backend: http.Server;
let requests = 0;
const saved = { secret: process.env.GATEHOUSE_SECRET_KEY, url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };
const S = () => `/restapis/${apiId}/stages/dev`;

async function patchStage(body: Record<string, unknown>) {
  const { version } = (await api.get<TStage>(S())).body;
  return api.patch(S(), { version, ...body });
}

const call = (q: string) => setup.stack.gateway.request(`/dev/things?q=${q}`, { apiId });

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ url: req.url, n: requests }));
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const created = await api.post("/restapis", { name: "cached" });
  apiId = created.body.id;
  const things = (await api.post(`/restapis/${apiId}/resources/${created.body.rootResourceId}`, { pathPart: "things" })).body;
  const M = `/restapis/${apiId}/resources/${things.id}/methods/GET`;
  expect((await api.put(M, { requestParameters: { "method.request.querystring.q": false } })).status).toBeLessThan(300);
  const integration = await api.put(`${M}/integration`, {
    type: "HTTP_PROXY",
    httpMethod: "GET",
    uri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/things`,
    cacheKeyParameters: ["method.request.querystring.q"],
  });
  expect(integration.status, JSON.stringify(integration.body)).toBeLessThan(300);
  expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "dev" })).status).toBe(201);
  const gateway = await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = saved.secret;
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = saved.url;
  if (saved.secret === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  if (saved.url === undefined) delete process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
  await setup?.close();
  await new Promise((r) => backend?.close(r));
});

describe("stage cache through the management API", () => {
  it("refuses bad cache settings with the field and the allowed values", async () => {
    const size = await patchStage({ cacheClusterEnabled: true, cacheClusterSize: "2" });
    expect(size.status).toBe(400);
    expect(JSON.stringify(size.body)).toMatch(/cacheClusterSize.*0\.5, 1\.6, 6\.1, 13\.5, 28\.4, 58\.2, 118, 237/);
    const tooBig = await patchStage({ cacheClusterEnabled: true, cacheClusterSize: "118" });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.problems).toEqual([expect.objectContaining({ field: "cacheClusterSize", message: expect.stringMatching(/GATEHOUSE_CACHE_MAX_MEMORY_MB.*Allowed here: 0\.5/) })]);
    const ttl = await patchStage({ methodSettings: { "*/*": { cacheTtlInSeconds: 4000 } } });
    expect(ttl.status).toBe(400);
    expect(JSON.stringify(ttl.body)).toMatch(/cacheTtlInSeconds.*0–3600/);
    const negative = await patchStage({ methodSettings: { "~1things/GET": { cachingEnabled: true, cacheTtlInSeconds: -1 } } });
    expect(negative.status).toBe(400);
  });

  it("caches with a 60 s TTL keyed on a query parameter: the backend's count stays flat", async () => {
    const res = await patchStage({ cacheClusterEnabled: true, cacheClusterSize: "0.5", methodSettings: { "*/*": { cachingEnabled: true, cacheTtlInSeconds: 60 } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5", cacheClusterStatus: "AVAILABLE" });
    // The stage update reaches the gateway by NOTIFY.
    await waitFor(async () => {
      await call("warm");
      const seen = requests;
      await call("warm");
      return requests === seen ? true : undefined;
    }, 10_000, 100);
    const before = requests;
    for (let i = 0; i < 10; i++) expect((await call("a")).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await call("b")).status).toBe(200);
    expect(requests - before).toBe(2);
    const stats = await api.get<TStageCacheStats>(`${S()}/cache`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ enabled: true, backend: "memory", entries: 3 });
    expect(stats.body.hits).toBeGreaterThanOrEqual(18);
    expect(stats.body.hitRatio).toBeGreaterThan(0.8);
  });

  it("flushes the stage cache (DELETE …/cache/data), for editors only", async () => {
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.delete(`${S()}/cache/data`)).status).toBe(403);
    expect((await api.delete(`/restapis/${apiId}/stages/nope/cache/data`)).status).toBe(404);
    expect((await api.delete(`${S()}/cache/data`)).status).toBe(204);
    await waitFor(async () => ((await api.get<TStageCacheStats>(`${S()}/cache`)).body.entries === 0 ? true : undefined));
    const before = requests;
    await call("a");
    await call("a");
    expect(requests - before).toBe(1);
  });
});
