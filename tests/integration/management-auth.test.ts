import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSettings } from "../../lib/config";
import { ROUTES } from "../../lib/openapi/paths";
import { bootstrap } from "../../lib/server/bootstrap";
import { verifyPassword } from "../../lib/server/passwords";
import { PERMISSIONS } from "../../lib/services/permissions";
import { BOOTSTRAP_TOKEN_NAME } from "../../lib/services/tokens";
import type { TToken, TUser } from "../../lib/schemas/management";
import { ManagementClient, setupManagement, userWithToken, type ManagementSetup, type Role } from "./management-harness";

let setup: ManagementSetup;
let api: ManagementClient;
const anonymous = new ManagementClient(null);

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
});
afterAll(() => setup?.close());

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("authentication", () => {
  it("answers 401 JSON without a session or token, and for unknown or malformed tokens", async () => {
    for (const token of [null, "gh_unknownunknownunknown", "not-a-gh-token"]) {
      const res = await anonymous.get("/restapis", { token });
      expect(res.status, String(token)).toBe(401);
      expect(res.body.code).toBe("unauthorized");
    }
    expect((await anonymous.get("/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("accepts the console's session cookie and reads the user's role from the database", async () => {
    process.env.NEXTAUTH_SECRET = "a-test-secret-of-at-least-32-characters!";
    const { user } = await userWithToken(setup.stack.prisma, "tester");
    const jwt = await encode({ token: { sub: user.id, uid: user.id, email: user.email, role: "admin" }, secret: process.env.NEXTAUTH_SECRET });
    const cookie = { headers: { cookie: `other=1; next-auth.session-token=${jwt}` }, token: null };
    const me = await anonymous.get("/me", cookie);
    expect(me.status).toBe(200);
    // The JWT claims admin; the database says tester, and wins.
    expect(me.body).toEqual({ id: user.id, email: user.email, role: "tester", via: "session" });
    expect((await anonymous.post("/restapis", { name: "x" }, cookie)).status).toBe(403);

    const forged = await encode({ token: { sub: user.id, uid: user.id }, secret: "another-secret-of-at-least-32-characters" });
    expect((await anonymous.get("/me", { headers: { cookie: `next-auth.session-token=${forged}` }, token: null })).status).toBe(401);

    await setup.stack.prisma.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await anonymous.get("/me", cookie)).status).toBe(401);
  });
});

describe("roles", () => {
  const clients = {} as Record<Role, ManagementClient>;
  beforeAll(async () => {
    clients.admin = api;
    for (const role of ["owner", "tester", "viewer"] as const) clients[role] = (await userWithToken(setup.stack.prisma, role)).api;
  });

  it("enforces the role matrix on every documented route", async () => {
    const fill = (p: string) => p.replace(/\{httpMethod\}/, "GET").replace(/\{statusCode\}/, "200").replace(/\{[A-Za-z]+\}/g, "nosuchid00");
    for (const route of ROUTES) {
      if (route.permission === "public") continue;
      for (const role of ["admin", "owner", "tester", "viewer"] as const) {
        const res = await clients[role].call(route.method.toUpperCase(), fill(route.path), route.method === "get" || route.method === "delete" ? {} : { body: {} });
        const what = `${role} ${route.method.toUpperCase()} ${route.path}`;
        if (PERMISSIONS[route.permission].includes(role)) {
          expect([401, 403, 405, 500], what).not.toContain(res.status);
        } else {
          expect(res.status, what).toBe(403);
          expect(res.body.code, what).toBe("forbidden");
          expect(res.body.message, what).toContain(role);
        }
      }
    }
  });

  it("lets a viewer read but not create; a tester reads; only admins manage users", async () => {
    const created = await clients.owner.post("/restapis", { name: "by-owner" });
    expect(created.status).toBe(201);
    expect((await clients.viewer.get(`/restapis/${created.body.id}`)).status).toBe(200);
    expect((await clients.tester.get(`/restapis/${created.body.id}/resources`)).status).toBe(200);
    const denied = await clients.viewer.post("/restapis", { name: "by-viewer" });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ code: "forbidden", message: "Your role (viewer) cannot create, change, deploy or delete APIs." });
    expect((await clients.tester.patch(`/restapis/${created.body.id}`, { version: 1, name: "x" })).status).toBe(403);
    expect((await clients.owner.get("/users")).status).toBe(403);
    expect((await clients.admin.get("/users")).status).toBe(200);
  });
});

describe("personal access tokens", () => {
  it("shows the secret once, stores only its SHA-256, carries the creator's role and stops working when revoked", async () => {
    const owner = await userWithToken(setup.stack.prisma, "owner");
    const res = await owner.api.post("/tokens", { name: "ci" });
    expect(res.status).toBe(201);
    const { token, secret } = res.body as { token: TToken; secret: string };
    expect(secret).toMatch(/^gh_[A-Za-z0-9_-]{40}$/);
    expect(token).toMatchObject({ name: "ci", role: "owner", revoked: false, lastUsedDate: null, expiresDate: null });
    expect(secret.startsWith(token.prefix)).toBe(true);

    const row = await setup.stack.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await owner.api.get("/tokens");
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items.map((t: TToken) => t.id)).toContain(token.id);

    const me = await anonymous.get("/me", { token: secret });
    expect(me.body).toEqual({ id: owner.user.id, email: owner.user.email, role: "owner", via: "token" });
    expect((await setup.stack.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();

    // Someone else's token is not found; an admin may revoke anyone's.
    const other = await userWithToken(setup.stack.prisma, "tester");
    expect((await other.api.delete(`/tokens/${token.id}`)).status).toBe(404);
    expect((await owner.api.delete(`/tokens/${token.id}`)).status).toBe(204);
    const after = await anonymous.get("/me", { token: secret });
    expect(after.status).toBe(401);
    expect((await owner.api.get("/tokens")).body.items.find((t: TToken) => t.id === token.id).revoked).toBe(true);
    expect((await api.delete(`/tokens/${other.tokenId}`)).status).toBe(204);
    expect((await other.api.get("/me")).status).toBe(401);
  });

  it("refuses expired tokens, tokens of disabled users, and never grants more than the user's current role", async () => {
    const u = await userWithToken(setup.stack.prisma, "owner");
    const expiring = (await u.api.post("/tokens", { name: "short", expiresInDays: 1 })).body;
    expect(expiring.token.expiresDate).not.toBeNull();
    expect((await anonymous.get("/me", { token: expiring.secret })).status).toBe(200);
    await setup.stack.prisma.personalAccessToken.update({ where: { id: expiring.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await anonymous.get("/me", { token: expiring.secret })).status).toBe(401);

    await setup.stack.prisma.user.update({ where: { id: u.user.id }, data: { role: "viewer" } });
    expect((await u.api.get("/me")).body.role).toBe("viewer");
    expect((await u.api.post("/restapis", { name: "x" })).status).toBe(403);
    await setup.stack.prisma.user.update({ where: { id: u.user.id }, data: { disabled: true } });
    expect((await u.api.get("/me")).status).toBe(401);

    const badName = await u.api.post("/tokens", { name: "" }, { token: setup.admin.secret });
    expect(badName.status).toBe(400);
    expect(badName.body.problems).toEqual([{ field: "name", message: "Name is required" }]);
  });

  it("lists every user's tokens only for admins", async () => {
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.get("/tokens?all=true")).status).toBe(403);
    const own = await viewer.api.get("/tokens");
    expect(own.body.items.map((t: TToken) => t.id)).toEqual([viewer.tokenId]);
    const all = await api.get("/tokens?all=true");
    expect(all.body.items.find((t: TToken) => t.id === viewer.tokenId).userEmail).toBe(viewer.user.email);
  });
});

describe("GATEHOUSE_BOOTSTRAP_TOKEN", () => {
  it("is ensured at every start: created, updated when the value changes, revoked when unset", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-bootstrap-"));
    const start = async (token?: string) => {
      const settings = loadSettings({
        DATABASE_URL: setup.stack.db.url,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_SEED_DEMO: "false",
        GATEHOUSE_BOOTSTRAP_TOKEN: token,
      });
      const booted = await bootstrap(settings, () => {});
      await booted.release();
    };
    try {
      const first = "gh_bootstrap_first_value_0123456789";
      const second = "gh_bootstrap_second_value_0123456789";
      await start(first);
      const me = await anonymous.get("/me", { token: first });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ id: null, email: null, role: "admin", via: "token" });
      expect((await anonymous.get("/users", { token: first })).status).toBe(200);
      const rows = await setup.stack.prisma.personalAccessToken.findMany({ where: { bootstrap: true } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: "admin", tokenHash: sha256(first), userId: null, revokedAt: null });

      // Revoked in the console, it comes back at the next start.
      expect((await api.delete(`/tokens/${rows[0].id}`)).status).toBe(204);
      expect((await anonymous.get("/me", { token: first })).status).toBe(401);
      await start(first);
      expect((await anonymous.get("/me", { token: first })).status).toBe(200);

      await start(second);
      expect((await anonymous.get("/me", { token: first })).status).toBe(401);
      expect((await anonymous.get("/me", { token: second })).status).toBe(200);
      const after = await setup.stack.prisma.personalAccessToken.findMany({ where: { bootstrap: true } });
      expect(after.map((r) => r.id)).toEqual([rows[0].id]);

      // Deployments made with it record its name.
      const created = await anonymous.post("/restapis", { name: "by-bootstrap" }, { token: second });
      expect(created.status).toBe(201);
      const deployed = await anonymous.post(`/restapis/${created.body.id}/deployments`, { stageName: "dev" }, { token: second });
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
      expect(deployed.body.createdBy).toBe(BOOTSTRAP_TOKEN_NAME);

      await start(undefined);
      expect((await anonymous.get("/me", { token: second })).status).toBe(401);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it("must look like a token", () => {
    expect(() => loadSettings({ GATEHOUSE_BOOTSTRAP_TOKEN: "short" })).toThrow(/GATEHOUSE_BOOTSTRAP_TOKEN: must be gh_/);
  });
});

describe("users", () => {
  it("creates a user with a generated password shown once, changes role, disables, resets the password and deletes", async () => {
    const res = await api.post("/users", { email: "Dev@Example.com", role: "owner" });
    expect(res.status).toBe(201);
    const { user, password } = res.body as { user: TUser; password: string };
    expect(user).toMatchObject({ email: "dev@example.com", role: "owner", disabled: false, version: 1 });
    expect(password).toMatch(/^\S{12,}$/);
    const row = await setup.stack.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect((await api.get(`/users/${user.id}`)).body).toEqual(user);

    const given = await api.post("/users", { email: "given@example.com", role: "viewer", password: "a-long-password" });
    expect(given.body.password).toBeUndefined();

    const dup = await api.post("/users", { email: "dev@example.com", role: "viewer" });
    expect(dup.status).toBe(400);
    expect(dup.body.problems).toEqual([expect.objectContaining({ field: "email" })]);
    const bad = await api.post("/users", { email: "nope", role: "boss", password: "short" });
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(["email", "password", "role"]);

    const promoted = await api.patch(`/users/${user.id}`, { version: 1, role: "tester", disabled: true });
    expect(promoted.body).toMatchObject({ role: "tester", disabled: true, version: 2 });
    expect((await api.patch(`/users/${user.id}`, { version: 1, name: "late" })).status).toBe(409);

    const reset = await api.post(`/users/${user.id}/password`);
    expect(reset.status).toBe(200);
    const after = await setup.stack.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(reset.body.password, after.passwordHash)).toBe(true);
    expect(await verifyPassword(password, after.passwordHash)).toBe(false);

    expect((await api.delete(`/users/${user.id}`)).status).toBe(204);
    expect((await api.get(`/users/${user.id}`)).status).toBe(404);
    expect((await api.post(`/users/${user.id}/password`)).status).toBe(404);
  });

  it("never demotes, disables or deletes the last enabled admin", async () => {
    const adminId = setup.admin.user.id;
    // Other tests made admins (e.g. the start's GATEHOUSE_ADMIN_EMAIL): ours is made the only one.
    await setup.stack.prisma.user.updateMany({ where: { role: "admin", id: { not: adminId } }, data: { role: "viewer" } });
    const version = (await api.get(`/users/${adminId}`)).body.version;
    const demote = await api.patch(`/users/${adminId}`, { version, role: "owner" });
    expect(demote.status).toBe(400);
    expect(demote.body.message).toContain("last enabled admin");
    expect(demote.body.problems).toEqual([expect.objectContaining({ field: "role" })]);
    expect((await api.patch(`/users/${adminId}`, { version, disabled: true })).body.problems[0].field).toBe("disabled");
    expect((await api.delete(`/users/${adminId}`)).status).toBe(400);
    expect((await api.get(`/users/${adminId}`)).body).toMatchObject({ role: "admin", disabled: false, version });

    // A disabled admin does not count: it cannot be the one that keeps the console manageable.
    const other = await api.post("/users", { email: "second-admin@example.com", role: "admin", password: "a-long-password" });
    await api.patch(`/users/${other.body.user.id}`, { version: 1, disabled: true });
    expect((await api.patch(`/users/${adminId}`, { version, role: "owner" })).status).toBe(400);
    await api.patch(`/users/${other.body.user.id}`, { version: 2, disabled: false });
    const ok = await api.patch(`/users/${adminId}`, { version, name: "still admin" });
    expect(ok.status).toBe(200);
    // With another enabled admin, the other one can be demoted; then the first is the last again.
    expect((await api.patch(`/users/${other.body.user.id}`, { version: 3, role: "viewer" })).status).toBe(200);
    expect((await api.delete(`/users/${adminId}`)).status).toBe(400);
  });
});
