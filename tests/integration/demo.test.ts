import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_STAGE, ensureAdmin, seedDemo } from "../../lib/services/seed";
import { sendRequest, type GatewayResponse } from "../helpers/gateway";
import { ARN } from "../helpers/fixtures";
import { createStack, type Stack } from "../helpers/stack";

const USERS = '[{"id":1,"name":"John Doe"},{"id":2,"name":"Jane Smith"}]';

let stack: Stack;
let apiId: string;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  const admin = await ensureAdmin(stack.prisma, "admin@example.test", "correct horse battery");
  expect(admin).toEqual({ email: "admin@example.test", created: true, generatedPassword: undefined });
  const seeded = await seedDemo(stack.prisma, ARN);
  apiId = seeded!.restApiId;
  await stack.startGateway();
});

afterAll(() => stack?.close());

function expectGatewayHeaders(res: GatewayResponse) {
  expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers["x-amz-apigw-id"]).toMatch(/^[A-Za-z0-9]{11}=$/);
}

describe("seeded demo", () => {
  it("seeds once and stores only a password hash", async () => {
    expect(await seedDemo(stack.prisma, ARN)).toEqual({ restApiId: apiId });
    expect(await stack.prisma.restApi.count()).toBe(1);
    const admin = await stack.prisma.user.findUniqueOrThrow({ where: { email: "admin@example.test" } });
    expect(admin.role).toBe("admin");
    expect(admin.passwordHash).not.toContain("correct horse");
    expect((await ensureAdmin(stack.prisma, "admin@example.test")).created).toBe(false);
  });

  it("serves GET /users on the /restapis/{id}/{stage}/_user_request_ path", async () => {
    const res = await stack.gateway.request(`/restapis/${apiId}/${DEMO_STAGE}/_user_request_/users`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(USERS);
    expect(res.headers["content-type"]).toBe("application/json");
    expectGatewayHeaders(res);
  });

  it("serves GET /users on the {id}.execute-api host", async () => {
    const res = await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId });
    expect(res.status).toBe(200);
    expect(res.text).toBe(USERS);
    expectGatewayHeaders(res);
  });

  it("gives each request its own request id", async () => {
    const [a, b] = await Promise.all([1, 2].map(() => stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId })));
    expect(a.headers["x-amzn-requestid"]).not.toBe(b.headers["x-amzn-requestid"]);
  });

  it("answers HEAD, which GET does not cover, with a 403 and no body", async () => {
    const res = await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId, method: "HEAD" });
    expect(res.status).toBe(403);
    expect(res.body.length).toBe(0);
  });

  it.each([
    ["an unknown path", "GET", `/${DEMO_STAGE}/nope`],
    ["a method the resource lacks", "POST", `/${DEMO_STAGE}/users`],
    ["the stage root", "GET", `/${DEMO_STAGE}`],
  ])("answers %s with 403 Missing Authentication Token", async (_, method, path) => {
    const res = await stack.gateway.request(path, { apiId, method });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Missing Authentication Token" });
    expect(res.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
    expectGatewayHeaders(res);
  });

  it("answers an unknown API the same way, and a missing stage of a known API with Forbidden", async () => {
    const unknownApi = await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId: "zzzzzzzzzz" });
    expect(unknownApi.status).toBe(403);
    expect(unknownApi.json()).toEqual({ message: "Missing Authentication Token" });

    const noHost = await sendRequest(stack.gateway.port, `/${DEMO_STAGE}/users`);
    expect(noHost.status).toBe(403);
    expect(noHost.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");

    const missingStage = await stack.gateway.request(`/prod/users`, { apiId });
    expect(missingStage.status).toBe(403);
    expect(missingStage.json()).toEqual({ message: "Forbidden" });
    expect(missingStage.headers["x-amzn-errortype"]).toBe("ForbiddenException");
  });

  it("reports health outside the execute-api hosts", async () => {
    const res = await sendRequest(stack.gateway.port, "/_gatehouse/health");
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "ok", stages: 1 });
  });
});
