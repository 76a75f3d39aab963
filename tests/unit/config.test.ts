import path from "node:path";
import { describe, expect, it } from "vitest";
import { invokeUrl, loadSettings, publicGatewayUrl, SettingsError } from "../../lib/config";

describe("loadSettings", () => {
  it("applies the defaults to an empty environment", () => {
    const s = loadSettings({});
    expect(s.DATABASE_URL).toBeUndefined();
    expect(s.GATEHOUSE_SECRET_KEY).toBeUndefined();
    expect(s.GATEHOUSE_ADMIN_PASSWORD).toBeUndefined();
    expect(s).toMatchObject({
      GATEHOUSE_DATA_DIR: ".data",
      GATEHOUSE_ADMIN_EMAIL: "admin@gatehouse.local",
      GATEHOUSE_SEED_DEMO: true,
      GATEHOUSE_BIND_HOST: "127.0.0.1",
      PORT: 3000,
      GATEWAY_PORT: 8080,
      GATEHOUSE_REGION: "us-east-1",
      GATEHOUSE_ACCOUNT_ID: "000000000000",
      GATEHOUSE_METRICS_FLUSH_MS: 2000,
    });
    expect(s.dataDir).toBe(path.resolve(".data"));
    expect(Object.isFrozen(s)).toBe(true);
  });

  it("parses and coerces given values; blank optional strings count as unset", () => {
    const s = loadSettings({
      DATABASE_URL: "postgresql://u@127.0.0.1:5432/db",
      GATEWAY_PORT: "0",
      GATEHOUSE_SEED_DEMO: "no",
      GATEHOUSE_ADMIN_PASSWORD: "   ",
      GATEHOUSE_METRICS_FLUSH_MS: "200",
    });
    expect(s.DATABASE_URL).toBe("postgresql://u@127.0.0.1:5432/db");
    expect(s.GATEWAY_PORT).toBe(0);
    expect(s.GATEHOUSE_SEED_DEMO).toBe(false);
    expect(s.GATEHOUSE_ADMIN_PASSWORD).toBeUndefined();
    expect(s.GATEHOUSE_METRICS_FLUSH_MS).toBe(200);
  });

  it("reports every problem together, naming each setting", () => {
    let error: unknown;
    try {
      loadSettings({
        DATABASE_URL: "mysql://x",
        GATEHOUSE_SECRET_KEY: "short",
        GATEHOUSE_ADMIN_EMAIL: "not-an-email",
        PORT: "70000",
        GATEWAY_PORT: "abc",
        GATEHOUSE_SEED_DEMO: "maybe",
        GATEHOUSE_REGION: "mars",
        GATEHOUSE_ACCOUNT_ID: "123",
        GATEHOUSE_METRICS_FLUSH_MS: "5",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    const named = problems.map((p) => p.split(":")[0]).sort();
    expect(named).toEqual(
      [
        "DATABASE_URL",
        "GATEHOUSE_SECRET_KEY",
        "GATEHOUSE_ADMIN_EMAIL",
        "PORT",
        "GATEWAY_PORT",
        "GATEHOUSE_SEED_DEMO",
        "GATEHOUSE_REGION",
        "GATEHOUSE_ACCOUNT_ID",
        "GATEHOUSE_METRICS_FLUSH_MS",
      ].sort(),
    );
    expect((error as Error).message).toContain("PORT: must be between 0 and 65535");
  });
});

describe("gateway URLs", () => {
  it("builds the public and invoke URLs", () => {
    expect(publicGatewayUrl({ GATEWAY_PORT: 8080, GATEHOUSE_PUBLIC_GATEWAY_URL: undefined })).toBe("http://localhost:8080");
    expect(publicGatewayUrl({ GATEWAY_PORT: 8080, GATEHOUSE_PUBLIC_GATEWAY_URL: "https://gw.example.com/" })).toBe("https://gw.example.com");
    expect(invokeUrl("http://localhost:8080", "abcdefghij", "dev")).toBe("http://abcdefghij.execute-api.localhost:8080/dev");
  });
});
