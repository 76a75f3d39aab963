import { afterEach, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "../../lib/db";
import { deployApi } from "../../lib/services/deploy";
import { DEMO_STAGE, seedDemo } from "../../lib/services/seed";
import { createTestDatabase, query, startEmbeddedServer, type PostgresServer, type TestDatabase } from "../helpers/database";
import { addMethod, ARN } from "../helpers/fixtures";
import { startTestGateway, waitFor, type TestGateway } from "../helpers/gateway";

const USERS = '[{"id":1,"name":"John Doe"},{"id":2,"name":"Jane Smith"}]';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch((err) => console.error(err));
  cleanup = [];
});

/** A seeded, deployed demo on a fresh database, served by a real gateway. */
async function servedDemo(serverUrl: string, dropAfter = true) {
  const db = await createTestDatabase(serverUrl);
  if (dropAfter) cleanup.push(() => db.drop());
  const prisma = createPrismaClient(db.url);
  const apiId = (await seedDemo(prisma, ARN))!.restApiId;
  await prisma.$disconnect();
  const gateway = await startTestGateway(db.url);
  cleanup.push(() => gateway.stop());
  const users = () => gateway.request(`/${DEMO_STAGE}/users`, { apiId });
  expect((await users()).text).toBe(USERS);
  return { db, apiId, gateway, users };
}

const loggedLoss = (gateway: TestGateway) =>
  waitFor(async () => (gateway.logs.some((l) => l.includes("lost the database connection")) ? true : undefined));

/** Cuts the database off: no new connections, existing ones (the gateway's) terminated. */
async function cutOff(serverUrl: string, db: TestDatabase, allow: boolean) {
  await query(serverUrl, `ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS ${allow}`);
  if (!allow) {
    await query(serverUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
      db.name,
    ]);
  }
}

describe("last good snapshot", () => {
  it("keeps serving while the database refuses connections, then picks up deploys again", async () => {
    const serverUrl = inject("pgServerUrl");
    const { db, apiId, gateway, users } = await servedDemo(serverUrl);
    cleanup.push(() => cutOff(serverUrl, db, true));
    let served = 1;

    await cutOff(serverUrl, db, false);
    await loggedLoss(gateway);
    for (let i = 0; i < 5; i++) {
      const res = await users();
      expect(res.status).toBe(200);
      expect(res.text).toBe(USERS);
      served++;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await gateway.request(`/${DEMO_STAGE}/nope`, { apiId })).status).toBe(403);

    await cutOff(serverUrl, db, true);
    const prisma: Db = createPrismaClient(db.url);
    cleanup.push(() => prisma.$disconnect());
    await addMethod(prisma, apiId, "/after", "GET", { type: "MOCK", responses: [{ statusCode: "200", body: '{"after":true}' }] });
    await deployApi(prisma, { restApiId: apiId, stageName: DEMO_STAGE });
    const after = await waitFor(async () => {
      const res = await gateway.request(`/${DEMO_STAGE}/after`, { apiId });
      return res.status === 200 ? res : undefined;
    }, 20_000, 100);
    expect(after.text).toBe('{"after":true}');
    await waitFor(async () => (gateway.logs.join("\n").includes("database connection restored") ? true : undefined));

    // Requests counted while the database was away are written once it is back.
    const total = await waitFor(async () => {
      const rows = await query<{ sum: number }>(
        db.url,
        `SELECT COALESCE(SUM("count" - "count4xx" - "count5xx"), 0)::int AS sum FROM "ApiMetric" WHERE "resolution" = 60 AND "restApiId" = $1 AND "stage" = $2`,
        [apiId, DEMO_STAGE],
      );
      return rows[0].sum >= served + 1 ? rows[0].sum : undefined;
    });
    expect(total).toBe(served + 1); // the five during the outage, the first, and /after
  });

  it("keeps serving when the database server is gone entirely", async () => {
    // A server of its own, so stopping it affects nobody else.
    const server: PostgresServer = await startEmbeddedServer();
    cleanup.push(() => server.stop());
    const { gateway, users, apiId } = await servedDemo(server.url, false); // the database goes with its server

    await server.stop();
    await loggedLoss(gateway);
    for (let i = 0; i < 3; i++) expect((await users()).text).toBe(USERS);
    expect((await gateway.request(`/${DEMO_STAGE}/nope`, { apiId })).status).toBe(403);
    // Its batch writers notice too (and say so) while requests keep being answered.
    await waitFor(async () => (/still cannot reach the database|could not write metrics/.test(gateway.logs.join("\n")) ? true : undefined), 15_000);
  });
});
