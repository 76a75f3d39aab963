import { describe, expect, it } from "vitest";
import { createProcessLogger, logCallback } from "../../lib/server/logger";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) } };
}

describe("process logger", () => {
  it("writes one JSON object per line with level, time, name and msg", () => {
    const out = capture();
    const logger = createProcessLogger("gateway", { destination: out.destination });
    logCallback(logger)("warn", "database pool: connection refused");
    logger.info({ port: 8080 }, "listening");
    const [first, second] = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 40, name: "gateway", msg: "database pool: connection refused" });
    expect(Date.parse(String(first.time))).not.toBeNaN();
    expect(second).toMatchObject({ level: 30, port: 8080, msg: "listening" });
  });

  it("drops lines below the level", () => {
    const out = capture();
    const logger = createProcessLogger("aws", { level: "warn", destination: out.destination });
    logger.info("not shown");
    logger.error("shown");
    expect(out.lines).toHaveLength(1);
  });

  it("prints text for a terminal", () => {
    const out = capture();
    const logger = createProcessLogger("gateway", { format: "text", destination: out.destination });
    logger.info({ port: 8080 }, "listening");
    expect(out.lines).toEqual(["[gateway] INFO listening port=8080\n"]);
  });
});
