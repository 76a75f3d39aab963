import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStack, type Stack } from "../helpers/stack";
import { startTestGateway, waitFor } from "../helpers/gateway";

/** The gateway process logs structured JSON lines (pino), or text when asked. */
let stack: Stack;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
});

afterAll(async () => {
  await stack?.close();
});

describe("gateway process logs", () => {
  it("are JSON objects with level, time, name and msg", async () => {
    const gateway = await stack.startGateway();
    const line = await waitFor(async () => gateway.rawLogs.find((l) => l.includes("listening on")));
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, name: "gateway", port: gateway.port });
    expect(String(entry.msg)).toMatch(/^listening on http:/);
    expect(Date.parse(String(entry.time))).not.toBeNaN();
  });

  it("are text with GATEHOUSE_LOG_FORMAT=text", async () => {
    const gateway = await startTestGateway(stack.db.url, { GATEHOUSE_LOG_FORMAT: "text" });
    try {
      const line = await waitFor(async () => gateway.rawLogs.find((l) => l.includes("listening on")));
      expect(line).toMatch(/^\[gateway\] INFO listening on http:/);
    } finally {
      await gateway.stop();
    }
  });
});
