import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { invokeThroughGateway } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/** Callback-style handlers and context.callbackWaitsForEmptyEventLoop, as Lambda's Node.js runtime. */

const SECRET_KEY = "functions-callback-test-secret-key-0123456789";
let stack: Stack;

const invoke = (name: string) => invokeThroughGateway(stack.gateway.port, SECRET_KEY, name);

const handler = (waits: boolean) => `exports.handler = (event, context, callback) => {
  ${waits ? "" : "context.callbackWaitsForEmptyEventLoop = false;"}
  setTimeout(() => console.log("late timer ran"), 300);
  callback(null, { answered: true });
};`;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  await stack.prisma.function.create({ data: { name: "waits", code: handler(true), handler: "index.handler" } });
  await stack.prisma.function.create({ data: { name: "answers-at-once", code: handler(false), handler: "index.handler" } });
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});

afterAll(() => stack?.close());

describe("callbackWaitsForEmptyEventLoop", () => {
  it("by default answers with the callback's result once pending timers have run", async () => {
    const answer = await invoke("waits");
    expect(answer).toMatchObject({ ok: true, payload: { answered: true } });
    expect(answer.logs.map((l) => l.message)).toContain("late timer ran");
  });

  it("set to false answers at once, before the pending timer runs", async () => {
    const answer = await invoke("answers-at-once");
    expect(answer).toMatchObject({ ok: true, payload: { answered: true } });
    expect(answer.logs.map((l) => l.message)).not.toContain("late timer ran");
  });
});
