import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/server/processes";
import { findFreePort } from "../../lib/server/ports";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

/** `npm start` as a user runs it: one instance per data directory, and a clean stop. */
describe("npm start", () => {
  let gatehouse: RunningGatehouse;

  beforeAll(async () => {
    gatehouse = await startGatehouse();
  });
  afterAll(async () => {
    await gatehouse?.stop();
  });

  it("refuses a second start on the same data directory and leaves the first running", async () => {
    const second = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts/start.ts")], {
      cwd: PROJECT_ROOT,
      env: { ...gatehouse.env, PORT: String(await findFreePort()), GATEWAY_PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`already running on data directory ${gatehouse.dataDir}`);
    const res = await fetch(`http://127.0.0.1:${gatehouse.gatewayPort}/restapis/${gatehouse.demoApiId}/dev/_user_request_/users`);
    expect(res.status).toBe(200);
    expect(existsSync(path.join(gatehouse.dataDir, "postgres", "PG_VERSION"))).toBe(true);
  });

  it("stops the console, the gateway and the embedded database on SIGTERM", async () => {
    const consolePort = Number(new URL(gatehouse.consoleUrl).port);
    expect(await gatehouse.terminate()).toBe(0);
    expect(await refuses(gatehouse.gatewayPort)).toBe(true);
    expect(await refuses(consolePort)).toBe(true);
    if (!process.env.DATABASE_URL) {
      // PostgreSQL removes its pid file only after a clean shutdown.
      expect(existsSync(path.join(gatehouse.dataDir, "postgres", "postmaster.pid"))).toBe(false);
    }
    expect(existsSync(path.join(gatehouse.dataDir, "gatehouse.pid"))).toBe(false);
  });
});

describe("npm start with bad settings", () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts/start.ts")], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, GATEHOUSE_DATA_DIR: path.join(os.tmpdir(), `gatehouse-bad-${process.pid}`), ...env },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("names DATABASE_URL and the host it could not reach", () => {
    const result = start({ DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:1/none", PORT: "0", GATEWAY_PORT: "0" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^\[gatehouse\] DATABASE_URL: could not connect to PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)\.$/);
  });

  it("lists every invalid setting at once", () => {
    const result = start({ PORT: "web", GATEWAY_PORT: "70000", GATEHOUSE_SEED_DEMO: "maybe" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT: must be a port number");
    expect(result.stderr).toContain("GATEWAY_PORT: must be between 0 and 65535");
    expect(result.stderr).toContain("GATEHOUSE_SEED_DEMO: must be true or false");
  });

  it("names a port that is already in use", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = start({ PORT: "0", GATEWAY_PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port} (GATEWAY_PORT) is already in use`);
    } finally {
      server.close();
    }
  });
});
