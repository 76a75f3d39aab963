import { CreateRestApiCommand, GetRestApiCommand, GetRestApisCommand, NotFoundException, DeleteRestApiCommand } from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStack, type Stack } from "../../helpers/stack";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";
import { signRequest } from "../../../lib/aws/sigv4";

/** The control plane's own behaviour: SigV4, routing, AWS error shapes, paging. */

const SECRET_KEY = "aws-control-test-key-0123456789abcdef0123";
let stack: Stack;
let aws: TestAwsControl;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
});

async function signedFetch(path: string, init: { method?: string; body?: string; secret?: string; date?: Date } = {}) {
  const url = new URL(path, aws.endpoint);
  const signed = signRequest(
    { method: init.method ?? "GET", url, headers: [["content-type", "application/json"]], body: init.body ?? "" },
    { accessKeyId: aws.credentials.accessKeyId, secretAccessKey: init.secret ?? aws.credentials.secretAccessKey },
    { region: "us-west-2", service: "apigateway", date: init.date },
  );
  return fetch(url, { method: init.method ?? "GET", headers: signed.headers, body: init.body });
}

describe("AWS control plane", () => {
  it("creates, lists and reads a REST API with the SDK", async () => {
    const created = await aws.apigateway.send(new CreateRestApiCommand({ name: "sdk-created", description: "made by the SDK" }));
    expect(created.id).toMatch(/^[a-z0-9]{10}$/);
    expect(created.rootResourceId).toBeTruthy();
    expect(created.createdDate).toBeInstanceOf(Date);
    const list = await aws.apigateway.send(new GetRestApisCommand({}));
    expect(list.items?.map((a) => a.name)).toContain("sdk-created");
    const one = await aws.apigateway.send(new GetRestApiCommand({ restApiId: created.id }));
    expect(one.description).toBe("made by the SDK");
    await aws.apigateway.send(new DeleteRestApiCommand({ restApiId: created.id }));
  });

  it("answers a missing API with NotFoundException", async () => {
    const err = await aws.apigateway.send(new GetRestApiCommand({ restApiId: "nosuchapi0" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundException);
    expect((err as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it("pages with limit and position", async () => {
    for (const n of [1, 2, 3]) await aws.apigateway.send(new CreateRestApiCommand({ name: `paged-${n}` }));
    const first = await aws.apigateway.send(new GetRestApisCommand({ limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.position).toBeTruthy();
    const second = await aws.apigateway.send(new GetRestApisCommand({ limit: 2, position: first.position }));
    expect(second.items?.length).toBeGreaterThanOrEqual(1);
    expect(second.items?.[0].id).not.toBe(first.items?.[0].id);
  });

  it("refuses a wrong secret with InvalidSignatureException and an expired signature", async () => {
    const bad = await signedFetch("/restapis", { secret: "not-the-secret-0123456789" });
    expect(bad.status).toBe(403);
    expect(bad.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect(((await bad.json()) as { message: string }).message).toMatch(/signature we calculated does not match/);
    const old = await signedFetch("/restapis", { date: new Date(Date.now() - 20 * 60_000) });
    expect(old.status).toBe(403);
    expect(old.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    const unsigned = await fetch(new URL("/restapis", aws.endpoint));
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("names the path of an unknown operation", async () => {
    const res = await signedFetch("/no/such/thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(((await res.json()) as { message: string }).message).toContain("GET /no/such/thing");
  });
});
