import { describe, expect, it } from "vitest";
import { ZEnableCors } from "../../lib/schemas/cors";
import { actualResponseHeaders, declared, gatewayMapped, gatewayResponseHeaders, mapped, originValue, planForMethod, preflightHeaders } from "../../lib/services/enable-cors";

const input = (over: object = {}) => ZEnableCors.parse({ allowOrigins: ["https://app.example.com"], allowMethods: ["GET", "POST"], ...over });

describe("Enable CORS: what the service builds", () => {
  it("builds the preflight headers with OPTIONS added and the AWS console's default allowed headers", () => {
    expect(preflightHeaders(input({ maxAgeSeconds: 600, exposeHeaders: ["X-Total"], allowCredentials: true }))).toEqual({
      "Access-Control-Allow-Headers": "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token",
      "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
      "Access-Control-Allow-Origin": "https://app.example.com",
      "Access-Control-Expose-Headers": "X-Total",
      "Access-Control-Max-Age": "600",
      "Access-Control-Allow-Credentials": "true",
    });
  });

  it("uses one origin: '*' when any is '*', else the first, with a note naming the dropped ones", () => {
    expect(originValue(input({ allowOrigins: "*" }))).toEqual({ origin: "*" });
    expect(originValue(input({ allowOrigins: ["https://a.test", "*"] }))).toEqual({ origin: "*" });
    const two = originValue(input({ allowOrigins: ["https://a.test", "https://b.test"] }));
    expect(two.origin).toBe("https://a.test");
    expect(two.note).toContain("https://b.test");
  });

  it("declares and maps headers as static values", () => {
    const h = { "Access-Control-Allow-Origin": "*" };
    expect(declared(h)).toEqual({ "method.response.header.Access-Control-Allow-Origin": false });
    expect(mapped(h)).toEqual({ "method.response.header.Access-Control-Allow-Origin": "'*'" });
    expect(gatewayMapped(h)).toEqual({ "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" });
  });

  it("adds Allow-Origin (and credentials) to other methods, Allow-Origin and Allow-Headers to gateway responses", () => {
    const i = input({ allowCredentials: true });
    expect(Object.keys(actualResponseHeaders(i)).sort()).toEqual(["Access-Control-Allow-Credentials", "Access-Control-Allow-Origin"]);
    expect(Object.keys(gatewayResponseHeaders(i)).sort()).toEqual(["Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Origin"]);
  });

  it("skips proxy integrations and methods without integration, maps the others", () => {
    expect(planForMethod({ httpMethod: "GET", integrationType: "AWS_PROXY", methodResponseCodes: [], integrationResponseCodes: [] })).toMatchObject({ action: "skip" });
    expect(planForMethod({ httpMethod: "GET", integrationType: "HTTP_PROXY", methodResponseCodes: ["200"], integrationResponseCodes: [] }).detail).toContain("backend must send Access-Control-Allow-Origin");
    expect(planForMethod({ httpMethod: "GET", integrationType: null, methodResponseCodes: [], integrationResponseCodes: [] })).toMatchObject({ action: "skip" });
    expect(planForMethod({ httpMethod: "GET", integrationType: "MOCK", methodResponseCodes: ["200"], integrationResponseCodes: ["200"] })).toMatchObject({ action: "map" });
  });

  it("validates the input", () => {
    expect(ZEnableCors.safeParse({ allowOrigins: ["ftp://x"], allowMethods: ["GET"] }).success).toBe(false);
    expect(ZEnableCors.safeParse({ allowOrigins: "*", allowMethods: [] }).success).toBe(false);
    expect(ZEnableCors.safeParse({ allowOrigins: "*", allowMethods: ["GET"], allowHeaders: ["bad header"] }).success).toBe(false);
    expect(ZEnableCors.parse({ allowOrigins: "*", allowMethods: ["GET"] }).gatewayResponses).toBe(true);
  });
});
