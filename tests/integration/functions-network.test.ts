import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { invokeThroughGateway } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/**
 * Network isolation below fetch: code that escapes the vm context (as hostile
 * code would) and reaches this realm's net, http, dgram or raw fetch is still
 * refused loopback, private and local-socket targets, checked on the address
 * actually connected to (docs/ARCHITECTURE.md, "Functions", threat model).
 */

const SECRET_KEY = "functions-network-test-secret-key-0123456789";
let stack: Stack;
let backend: http.Server;
let backendPort: number;
let dbPort: number;

const PROBE = `
const hostProcess = console.log.constructor("return process")();
const hostGlobal = console.log.constructor("return globalThis")();
const net = hostProcess.getBuiltinModule("net");
const httpModule = hostProcess.getBuiltinModule("http");
const dgram = hostProcess.getBuiltinModule("dgram");
const settle = (start) => new Promise((resolve) => {
  try {
    start(resolve);
  } catch (e) { resolve(e.code || e.message); }
});
const tcp = (options) => settle((done) => {
  const socket = net.connect(options);
  socket.on("connect", () => { socket.destroy(); done("ALLOWED"); });
  socket.on("error", (e) => done(e.code || e.message));
});
exports.handler = async (event) => {
  const out = {};
  out.allowedIp = await tcp({ host: "127.0.0.1", port: event.backendPort });
  out.loopbackByName = await tcp({ host: "localhost", port: event.backendPort });
  out.database = await tcp({ host: "localhost", port: event.dbPort });
  out.ipv6Loopback = await tcp({ host: "::1", port: event.backendPort });
  out.privateIp = await tcp({ host: "10.1.2.3", port: 80 });
  out.portHostArgs = await settle((done) => {
    const socket = new net.Socket();
    socket.on("error", (e) => done(e.code || e.message));
    socket.on("connect", () => { socket.destroy(); done("ALLOWED"); });
    socket.connect(event.dbPort, "::ffff:127.0.0.2");
  });
  out.unixSocket = await tcp({ path: "/var/run/postgresql/.s.PGSQL.5432" });
  out.http = await settle((done) => {
    const req = httpModule.get({ host: "localhost", port: event.backendPort, path: "/" }, (res) => { res.resume(); done("ALLOWED"); });
    req.on("error", (e) => done(e.code || e.message));
  });
  out.rawFetch = await hostGlobal.fetch("http://localhost:" + event.backendPort + "/").then(() => "ALLOWED", (e) => (e.cause && e.cause.code) || e.message);
  out.udp = await settle((done) => {
    const socket = dgram.createSocket("udp4");
    socket.send("x", 53, "127.0.0.2", (e) => { socket.close(); done(e ? e.code : "ALLOWED"); });
  });
  return out;
};`;

beforeAll(async () => {
  backend = http.createServer((req, res) => res.end("backend"));
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendPort = (backend.address() as AddressInfo).port;
  stack = await createStack(inject("pgServerUrl"));
  dbPort = Number(new URL(stack.db.url).port || 5432);
  await stack.prisma.function.create({ data: { name: "netprobe", code: PROBE, handler: "index.handler", timeoutSeconds: 10 } });
  // 127.0.0.1 allowed by the admin (as written): the positive control that a connection can succeed at all.
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY, GATEHOUSE_FUNCTION_ALLOWED_HOSTS: "127.0.0.1" });
});

afterAll(async () => {
  await stack?.close();
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

describe("network isolation after escaping the vm context", () => {
  let probe: Record<string, string>;
  beforeAll(async () => {
    const answer = await invokeThroughGateway(stack.gateway.port, SECRET_KEY, "netprobe", { backendPort, dbPort });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    probe = answer.payload as Record<string, string>;
  });

  it("connects where an admin allowed it (the control)", () => {
    expect(probe.allowedIp).toBe("ALLOWED");
  });

  it("is refused TCP to loopback and private addresses, by IP or by a name resolving to one (checked at connect)", () => {
    for (const key of ["loopbackByName", "database", "ipv6Loopback", "privateIp", "portHostArgs"]) expect(probe[key], key).toBe("EGATEHOUSE_REFUSED");
  });

  it("is refused local (Unix) sockets, http and the realm's unguarded fetch", () => {
    expect(probe.unixSocket).toBe("EGATEHOUSE_REFUSED");
    expect(probe.http).toBe("EGATEHOUSE_REFUSED");
    expect(probe.rawFetch).toBe("EGATEHOUSE_REFUSED");
  });

  it("is refused UDP to loopback", () => {
    expect(probe.udp).toBe("EGATEHOUSE_REFUSED");
  });
});
