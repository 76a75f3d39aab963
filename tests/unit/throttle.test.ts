import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../gateway/access/token-bucket";
import { GatewayError } from "../../gateway/errors";
import { methodSettingsKey, methodThrottle, throttleStage } from "../../gateway/pipeline/throttle";
import type { ServedMethodSetting, ServedStage } from "../../gateway/snapshot-store";
import { MemoryStateBackend } from "../../gateway/state/memory-backend";
import { applyStagePatch } from "../../lib/services/stage-patch";
import { stageProblems } from "../../lib/services/stage-throttle";
import { ZUpdateStage, type TStage } from "../../lib/schemas/management";
import { testRequestContext } from "../helpers/request-context";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function ctxWith(settings: Record<string, ServedMethodSetting>, method = "GET") {
  const ctx = testRequestContext({ method });
  ctx.stage = { methodSettings: settings } as unknown as ServedStage;
  return ctx;
}

async function outcome(stage: ReturnType<typeof throttleStage>, ctx: ReturnType<typeof ctxWith>) {
  try {
    await stage(ctx);
    return "ok";
  } catch (err) {
    const e = err as GatewayError;
    return `${e.status} ${e.message} (${e.logMessage})`;
  }
}

describe("method settings keys", () => {
  it("escapes the resource path as AWS does: ~1items/GET, ~1items~1{id}/POST, the root ~1/GET", () => {
    expect(methodSettingsKey("/items", "GET")).toBe("~1items/GET");
    expect(methodSettingsKey("/items/{id}", "post")).toBe("~1items~1{id}/POST");
    expect(methodSettingsKey("/", "GET")).toBe("~1/GET");
  });

  it("takes the method's own values, each field falling back to the stage default */*", () => {
    const settings = { "*/*": { throttlingRateLimit: 100, throttlingBurstLimit: 50 }, "~1items~1{id}/GET": { throttlingRateLimit: 5 } };
    expect(methodThrottle(settings, "/items/{id}", ["GET"])).toEqual({ rateLimit: 5, burstLimit: 50 });
    expect(methodThrottle(settings, "/items/{id}", ["POST"])).toEqual({ rateLimit: 100, burstLimit: 50 });
    expect(methodThrottle({}, "/items/{id}", ["GET"])).toBeNull();
    // A request through an ANY method matches the request's verb first, then ANY.
    // The form without the leading ~1 (AWS accepts /items~1{id}/GET/… in patch paths) works too.
    expect(methodThrottle({ "items~1{id}/GET": { throttlingRateLimit: 2, throttlingBurstLimit: 2 } }, "/items/{id}", ["GET"])).toEqual({ rateLimit: 2, burstLimit: 2 });
    expect(methodThrottle({ "~1items~1{id}/ANY": { throttlingRateLimit: 1, throttlingBurstLimit: 1 } }, "/items/{id}", ["DELETE", "ANY"])).toEqual({ rateLimit: 1, burstLimit: 1 });
  });
});

describe("throttle stage", () => {
  it("refuses with 429 Too Many Requests once the method's bucket is empty, and refills at the rate", async () => {
    const c = clock();
    const stage = throttleStage({ backend: new MemoryStateBackend(c.now), account: () => ({ rateLimit: 10_000, burstLimit: 5_000 }) });
    const settings = { "~1items~1{id}/GET": { throttlingRateLimit: 5, throttlingBurstLimit: 2 } };
    expect(await outcome(stage, ctxWith(settings))).toBe("ok");
    expect(await outcome(stage, ctxWith(settings))).toBe("ok");
    expect(await outcome(stage, ctxWith(settings))).toMatch(/^429 Too Many Requests \(Throttled by the stage's method throttle \(~1items~1\{id\}\/GET\)\)/);
    c.advance(200); // 5/s → one token
    expect(await outcome(stage, ctxWith(settings))).toBe("ok");
    expect(await outcome(stage, ctxWith(settings))).not.toBe("ok");
  });

  it("applies the account limit to every method and reads it per request (changes apply at once)", async () => {
    const c = clock();
    let account = { rateLimit: 1, burstLimit: 1 };
    const stage = throttleStage({ backend: new MemoryStateBackend(c.now), account: () => account });
    expect(await outcome(stage, ctxWith({}))).toBe("ok");
    expect(await outcome(stage, ctxWith({}, "POST"))).toMatch(/Throttled by the account limit/);
    account = { rateLimit: 100, burstLimit: 3 };
    expect(await outcome(stage, ctxWith({}))).toBe("ok");
  });

  it("takes nothing from the account when the method refuses (all or nothing), so the most restrictive wins", async () => {
    const c = clock();
    const backend = new MemoryStateBackend(c.now);
    const stage = throttleStage({ backend, account: () => ({ rateLimit: 0, burstLimit: 3 }) });
    const tight = { "~1items~1{id}/GET": { throttlingRateLimit: 0, throttlingBurstLimit: 1 } };
    expect(await outcome(stage, ctxWith(tight))).toBe("ok");
    for (let i = 0; i < 5; i++) expect(await outcome(stage, ctxWith(tight))).toMatch(/method throttle/);
    // The account bucket (3) lost only the one accepted request's token.
    expect(await outcome(stage, ctxWith({}, "POST"))).toBe("ok");
    expect(await outcome(stage, ctxWith({}, "POST"))).toBe("ok");
    expect(await outcome(stage, ctxWith({}, "POST"))).toMatch(/account limit/);
  });

  it("a burst of 0 refuses everything; the 429 body is AWS's", async () => {
    const stage = throttleStage({ backend: new MemoryStateBackend(), account: () => ({ rateLimit: 10_000, burstLimit: 5_000 }) });
    const ctx = ctxWith({ "*/*": { throttlingRateLimit: 10, throttlingBurstLimit: 0 } });
    await expect(stage(ctx)).rejects.toMatchObject({ status: 429, message: "Too Many Requests", type: "THROTTLED" });
  });
});

describe("TokenBuckets.tryTakeAll", () => {
  it("answers the index of the first empty bucket and takes none", () => {
    const c = clock();
    const buckets = new TokenBuckets(c.now);
    const a = { name: "a", limits: { rateLimit: 0, burstLimit: 2 } };
    const b = { name: "b", limits: { rateLimit: 0, burstLimit: 1 } };
    expect(buckets.tryTakeAll([a, b])).toBe(-1);
    expect(buckets.tryTakeAll([a, b])).toBe(1);
    expect(buckets.tryTakeAll([a])).toBe(-1);
    expect(buckets.tryTakeAll([a])).toBe(0);
  });
});

describe("stage patch operations (AWS UpdateStage)", () => {
  const stage = { methodSettings: { "~1items/GET": { throttlingRateLimit: 1, throttlingBurstLimit: 1 } }, variables: { a: "1" }, version: 3 } as unknown as TStage;

  it("maps /*/*/throttling/rateLimit and /~1items/GET/throttling/burstLimit onto the AWS keys, values read from strings", () => {
    const body = applyStagePatch(stage, [
      { op: "replace", path: "/*/*/throttling/rateLimit", value: "5" },
      { op: "replace", path: "/*/*/throttling/burstLimit", value: "10" },
      { op: "replace", path: "/~1items/GET/throttling/burstLimit", value: "7" },
      { op: "replace", path: "/variables/b", value: "2" },
    ]);
    expect(body.methodSettings).toEqual({
      "*/*": { throttlingRateLimit: 5, throttlingBurstLimit: 10 },
      "~1items/GET": { throttlingRateLimit: 1, throttlingBurstLimit: 7 },
    });
    expect(body.variables).toEqual({ a: "1", b: "2" });
    const parsed = ZUpdateStage.safeParse({ ...body, version: 3 });
    expect(parsed.success).toBe(true);
  });

  it("refuses unknown paths naming the operation; non-numeric values fail validation naming the field", () => {
    expect(() => applyStagePatch(stage, [{ op: "replace", path: "/*/*/throttling/speed", value: "1" }])).toThrow(/Unknown method setting throttling\/speed/);
    const body = applyStagePatch(stage, [{ op: "replace", path: "/*/*/throttling/rateLimit", value: "fast" }]);
    const parsed = ZUpdateStage.safeParse({ ...body, version: 3 });
    expect(parsed.success).toBe(false);
    const problems = stageProblems(parsed.error!.issues);
    expect(problems[0].field).toBe('methodSettings["*/*"].throttlingRateLimit');
    expect(problems[0].message).toMatch(/between 0 and the account rate limit/);
  });

  it("refuses negative rates naming the field and the range", () => {
    const parsed = ZUpdateStage.safeParse({ version: 1, methodSettings: { "*/*": { throttlingRateLimit: -1, throttlingBurstLimit: 2.5 } } });
    const problems = stageProblems(parsed.error!.issues);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'methodSettings["*/*"].throttlingRateLimit', message: "must be between 0 and the account rate limit" },
        { field: 'methodSettings["*/*"].throttlingBurstLimit', message: "must be a whole number of requests between 0 and the account burst limit" },
      ]),
    );
  });
});
