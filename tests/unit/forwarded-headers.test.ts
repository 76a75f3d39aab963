import { describe, expect, it } from "vitest";
import { withForwardedHeaders } from "../../gateway/mapping/forwarded-headers";
import type { RequestContext } from "../../gateway/pipeline/context";

const ctx = (headerPairs: Array<[string, string]>, sourceIp = "203.0.113.9") =>
  ({
    receivedAt: Date.UTC(2026, 10, 27, 12, 0, 0),
    raw: { socket: { localPort: 4000 } },
    request: { headerPairs, sourceIp },
  }) as unknown as RequestContext;

const valuesOf = (pairs: Array<[string, string]>, name: string) => pairs.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

describe("withForwardedHeaders (the headers a Lambda proxy event carries)", () => {
  it("appends the source IP to every X-Forwarded-For the client sent, in order, as one header", () => {
    const out = withForwardedHeaders(ctx([["x-forwarded-for", "10.0.0.1"], ["Accept", "*/*"], ["X-Forwarded-For", "10.0.0.2, 10.0.0.3"]]));
    expect(valuesOf(out, "x-forwarded-for")).toEqual(["10.0.0.1, 10.0.0.2, 10.0.0.3, 203.0.113.9"]);
    expect(valuesOf(out, "accept")).toEqual(["*/*"]);
  });

  it("skips empty X-Forwarded-For values and sets the header to the source IP when none was sent", () => {
    expect(valuesOf(withForwardedHeaders(ctx([["X-Forwarded-For", ""], ["X-Forwarded-For", "10.0.0.1"]])), "x-forwarded-for")).toEqual(["10.0.0.1, 203.0.113.9"]);
    expect(valuesOf(withForwardedHeaders(ctx([])), "x-forwarded-for")).toEqual(["203.0.113.9"]);
  });

  it("replaces the client's X-Forwarded-Port and -Proto with the gateway's listener", () => {
    const out = withForwardedHeaders(ctx([["X-Forwarded-Port", "1"], ["x-forwarded-proto", "gopher"]]));
    expect(valuesOf(out, "x-forwarded-port")).toEqual(["4000"]);
    expect(valuesOf(out, "x-forwarded-proto")).toEqual(["http"]);
  });

  it("keeps the client's X-Amzn-Trace-Id, else adds one, and always names the gateway's span in traceparent", () => {
    const kept = withForwardedHeaders(ctx([["X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000001"]]));
    expect(valuesOf(kept, "x-amzn-trace-id")).toEqual(["Root=1-00000000-000000000000000000000001"]);
    const added = withForwardedHeaders(ctx([]));
    expect(valuesOf(added, "x-amzn-trace-id")).toEqual([expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)]);
    expect(valuesOf(added, "traceparent")).toEqual([expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)]);
  });
});
