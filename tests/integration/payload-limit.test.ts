import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAX_PAYLOAD_BYTES } from "../../gateway/server";
import { deployApi } from "../../lib/services/deploy";
import { addMethod, createRestApi } from "../helpers/fixtures";
import { createStack, type Stack } from "../helpers/stack";

let stack: Stack;
let apiId: string;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  apiId = await createRestApi(stack.prisma);
  await addMethod(stack.prisma, apiId, "/upload", "POST", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok":true}' }] });
  await deployApi(stack.prisma, { restApiId: apiId, stageName: "test" });
  await stack.startGateway();
});

afterAll(() => stack?.close());

const upload = (bytes: number, chunks?: number) =>
  stack.gateway.request("/test/upload", { apiId, method: "POST", body: Buffer.alloc(bytes, 97), chunks });

describe("payload limit", () => {
  it("is 10 MB", () => {
    expect(MAX_PAYLOAD_BYTES).toBe(10 * 1024 * 1024);
  });

  it("accepts a body of exactly 10 MB", async () => {
    const res = await upload(MAX_PAYLOAD_BYTES);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"ok":true}');
  });

  it("answers 413 Request Too Long when Content-Length is over 10 MB", async () => {
    const res = await upload(MAX_PAYLOAD_BYTES + 1);
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ message: "Request Too Long" });
    expect(res.headers["x-amzn-errortype"]).toBe("RequestTooLargeException");
  });

  it("answers 413 when a chunked body grows over 10 MB", async () => {
    const res = await upload(MAX_PAYLOAD_BYTES + 64 * 1024, 32);
    expect(res.status).toBe(413);
    expect(res.json()).toEqual({ message: "Request Too Long" });
  });

  it("keeps serving afterwards", async () => {
    expect((await upload(10)).status).toBe(200);
  });
});
