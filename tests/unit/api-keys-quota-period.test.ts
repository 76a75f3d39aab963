import { describe, expect, it } from "vitest";
import { quotaPeriodEnd, quotaPeriodStart, utcDay } from "../../lib/quota-period";

const at = (iso: string) => new Date(iso);
const start = (period: "DAY" | "WEEK" | "MONTH", offset: number, iso: string) => quotaPeriodStart(period, offset, at(iso)).toISOString();
const end = (period: "DAY" | "WEEK" | "MONTH", offset: number, iso: string) => quotaPeriodEnd(period, offset, at(iso)).toISOString();

describe("quota periods (UTC)", () => {
  it("DAY: UTC midnight to midnight", () => {
    expect(start("DAY", 0, "2026-03-10T00:00:00.000Z")).toBe("2026-03-10T00:00:00.000Z");
    expect(start("DAY", 0, "2026-03-10T23:59:59.999Z")).toBe("2026-03-10T00:00:00.000Z");
    expect(end("DAY", 0, "2026-03-10T23:59:59.999Z")).toBe("2026-03-11T00:00:00.000Z");
  });

  it("WEEK: offset 0 starts on Sunday, 1 on Monday, … 6 on Saturday", () => {
    // 2026-03-10 is a Tuesday.
    expect(start("WEEK", 0, "2026-03-10T12:00:00Z")).toBe("2026-03-08T00:00:00.000Z");
    expect(start("WEEK", 1, "2026-03-10T12:00:00Z")).toBe("2026-03-09T00:00:00.000Z");
    expect(start("WEEK", 2, "2026-03-10T12:00:00Z")).toBe("2026-03-10T00:00:00.000Z");
    expect(start("WEEK", 3, "2026-03-10T12:00:00Z")).toBe("2026-03-04T00:00:00.000Z");
    expect(start("WEEK", 6, "2026-03-10T12:00:00Z")).toBe("2026-03-07T00:00:00.000Z");
    // The boundary itself belongs to the new week.
    expect(start("WEEK", 1, "2026-03-16T00:00:00.000Z")).toBe("2026-03-16T00:00:00.000Z");
    expect(start("WEEK", 1, "2026-03-15T23:59:59.999Z")).toBe("2026-03-09T00:00:00.000Z");
    expect(end("WEEK", 1, "2026-03-10T12:00:00Z")).toBe("2026-03-16T00:00:00.000Z");
  });

  it("MONTH: offset 0 starts on the 1st, n on day n+1, crossing year ends", () => {
    expect(start("MONTH", 0, "2026-03-01T00:00:00.000Z")).toBe("2026-03-01T00:00:00.000Z");
    expect(start("MONTH", 0, "2026-02-28T23:59:59.999Z")).toBe("2026-02-01T00:00:00.000Z");
    expect(end("MONTH", 0, "2026-02-10T00:00:00Z")).toBe("2026-03-01T00:00:00.000Z");
    expect(start("MONTH", 14, "2026-03-15T00:00:00.000Z")).toBe("2026-03-15T00:00:00.000Z");
    expect(start("MONTH", 14, "2026-03-14T23:59:59.999Z")).toBe("2026-02-15T00:00:00.000Z");
    expect(start("MONTH", 9, "2026-01-05T00:00:00Z")).toBe("2025-12-10T00:00:00.000Z");
    expect(end("MONTH", 9, "2026-01-05T00:00:00Z")).toBe("2026-01-10T00:00:00.000Z");
    expect(start("MONTH", 27, "2026-03-01T00:00:00Z")).toBe("2026-02-28T00:00:00.000Z");
  });

  it("names UTC days", () => {
    expect(utcDay(at("2026-12-31T23:59:59.999Z"))).toBe("2026-12-31");
    expect(utcDay(Date.UTC(2027, 0, 1))).toBe("2027-01-01");
  });
});
