import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { invokeThroughGateway } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/** What a function logged before it was killed at its timeout or memory limit is kept with the invocation. */

const SECRET_KEY = "functions-killed-logs-secret-key-0123456789";
let stack: Stack;

const invoke = (name: string) => invokeThroughGateway(stack.gateway.port, SECRET_KEY, name);

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  await stack.prisma.function.create({
    data: {
      name: "loops",
      handler: "index.handler",
      timeoutSeconds: 1,
      code: `exports.handler = async () => { console.log("about to loop"); console.warn("second line"); for (;;) {} };`,
    },
  });
  await stack.prisma.function.create({
    data: {
      name: "storms",
      handler: "index.handler",
      timeoutSeconds: 20,
      memoryMb: 128,
      code: `exports.handler = async () => { console.log("allocating"); const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5)); };`,
    },
  });
  // Off-heap: Buffers are outside the V8 heap cap; bounded at 512 MB so that a broken watchdog fails the test, not the machine.
  await stack.prisma.function.create({
    data: {
      name: "buffers",
      handler: "index.handler",
      timeoutSeconds: 20,
      memoryMb: 128,
      code: `exports.handler = async () => {
        console.log("filling buffers");
        const keep = [];
        for (let i = 0; i < 64; i++) { keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); }
        return { survived: keep.length };
      };`,
    },
  });
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});

afterAll(() => stack?.close());

describe("logs of a killed instance", () => {
  it("keeps the lines written before an endless loop, then the timeout line", async () => {
    const answer = await invoke("loops");
    expect(answer.ok).toBe(false);
    expect(answer.logs.map((l) => l.message)).toEqual(["about to loop", "second line", expect.stringMatching(/Task timed out after 1\.00 seconds$/)]);
    expect(answer.logs[1].level).toBe("warn");
  });

  it("keeps the lines written before an allocation storm, then the out-of-memory line", async () => {
    const answer = await invoke("storms");
    expect(answer.ok).toBe(false);
    const messages = answer.logs.map((l) => l.message);
    expect(messages[0]).toBe("allocating");
    expect(messages.at(-1)).toMatch(/ran out of memory/);
  });

  it("kills an instance whose memory outside the V8 heap (Buffers) passes its limit", async () => {
    const answer = await invoke("buffers");
    expect(answer.ok, JSON.stringify(answer)).toBe(false);
    expect(answer.errorMessage).toMatch(/ran out of memory \(limit 128 MB\)/);
    expect(answer.logs[0].message).toBe("filling buffers");
  });
});
