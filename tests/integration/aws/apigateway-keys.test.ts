import {
  BadRequestException,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  ImportApiKeysCommand,
  NotFoundException,
  UpdateApiKeyCommand,
  UpdateUsageCommand,
  UpdateUsagePlanCommand,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../../lib/services/deploy";
import { startAwsControl, type TestAwsControl, failureOf as failure } from "../../helpers/aws-control";
import { addMethod, createRestApi } from "../../helpers/fixtures";
import { waitFor } from "../../helpers/gateway";
import { createStack, type Stack } from "../../helpers/stack";

/**
 * API keys, usage plans, plan keys and usage through the AWS SDK against the
 * control plane, with the real gateway enforcing what they set up: a MOCK
 * method with apiKeyRequired deployed to `prod`.
 */

const SECRET_KEY = "aws-keys-test-secret-key-0123456789abcdef01";
const VALUE = "partnerAkeyValue0123456789abcdef";
let stack: Stack;
let aws: TestAwsControl;
let apiId: string;
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

const call = (key?: string) => stack.gateway.request("/prod/pets", { apiId, headers: key === undefined ? {} : { "x-api-key": key } });
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  apiId = await createRestApi(stack.prisma, "keyed");
  await addMethod(stack.prisma, apiId, "/pets", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok": true}' }] });
  await stack.prisma.method.updateMany({ where: { resource: { restApiId: apiId, path: "/pets" } }, data: { apiKeyRequired: true } });
  await deployApi(stack.prisma, { restApiId: apiId, stageName: "prod" });
  // A high invalid-key limit: polling before the gateway hears of a key must not trip the cool-down.
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY, GATEHOUSE_INVALID_KEY_LIMIT: "100000" });
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

describe("API keys over the AWS API", () => {
  it("creates keys (given or generated value), reveals values only on request, filters, pages and patches", async () => {
    const a = await aws.apigateway.send(new CreateApiKeyCommand({ name: "partner-a", value: VALUE, enabled: true, customerId: "cust-1", description: "first" }));
    expect(a).toMatchObject({ name: "partner-a", value: VALUE, enabled: true, customerId: "cust-1", description: "first", stageKeys: [] });
    expect(a.createdDate).toBeInstanceOf(Date);
    const b = await aws.apigateway.send(new CreateApiKeyCommand({ name: "partner-b" }));
    expect(b.enabled).toBe(false); // AWS's default
    expect(b.value).toMatch(/^[A-Za-z0-9]{40}$/);

    const dup = await failure(aws.apigateway.send(new CreateApiKeyCommand({ name: "copy", value: VALUE })));
    expect(dup).toBeInstanceOf(ConflictException);
    expect((dup as ConflictException).message).toBe("API Key already exists");

    expect((await aws.apigateway.send(new GetApiKeyCommand({ apiKey: a.id }))).value).toBeUndefined();
    expect((await aws.apigateway.send(new GetApiKeyCommand({ apiKey: a.id, includeValue: true }))).value).toBe(VALUE);

    const hidden = await aws.apigateway.send(new GetApiKeysCommand({ nameQuery: "partner-" }));
    expect(hidden.items?.map((k) => k.name).sort()).toEqual(["partner-a", "partner-b"]);
    expect(hidden.items?.every((k) => k.value === undefined)).toBe(true);
    const shown = await aws.apigateway.send(new GetApiKeysCommand({ nameQuery: "partner-", includeValues: true }));
    expect(shown.items?.find((k) => k.id === a.id)?.value).toBe(VALUE);
    expect((await aws.apigateway.send(new GetApiKeysCommand({ customerId: "cust-1" }))).items?.map((k) => k.id)).toEqual([a.id]);
    const first = await aws.apigateway.send(new GetApiKeysCommand({ limit: 1 }));
    expect(first.items).toHaveLength(1);
    const second = await aws.apigateway.send(new GetApiKeysCommand({ limit: 1, position: first.position }));
    expect(second.items?.[0].id).not.toBe(first.items?.[0].id);

    const patched = await aws.apigateway.send(
      new UpdateApiKeyCommand({
        apiKey: b.id,
        patchOperations: [
          { op: "replace", path: "/name", value: "partner-b2" },
          { op: "replace", path: "/enabled", value: "true" },
          { op: "replace", path: "/customerId", value: "cust-2" },
          { op: "replace", path: "/description", value: "second" },
        ],
      }),
    );
    expect(patched).toMatchObject({ name: "partner-b2", enabled: true, customerId: "cust-2", description: "second" });
    expect(patched.value).toBeUndefined();

    // A bad entry names its path and nothing before it is applied.
    const bad = await failure(
      aws.apigateway.send(
        new UpdateApiKeyCommand({
          apiKey: b.id,
          patchOperations: [
            { op: "replace", path: "/name", value: "never" },
            { op: "replace", path: "/value", value: "x" },
          ],
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect((bad as Error).message).toContain("/value");
    expect((await aws.apigateway.send(new GetApiKeyCommand({ apiKey: b.id }))).name).toBe("partner-b2");

    const missing = await failure(aws.apigateway.send(new GetApiKeyCommand({ apiKey: "nosuchkey0" })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect((missing as Error).message).toBe("Invalid API Key identifier specified");

    await aws.apigateway.send(new DeleteApiKeyCommand({ apiKey: b.id }));
    expect(await failure(aws.apigateway.send(new GetApiKeyCommand({ apiKey: b.id })))).toBeInstanceOf(NotFoundException);
    expect(await failure(aws.apigateway.send(new DeleteApiKeyCommand({ apiKey: b.id })))).toBeInstanceOf(NotFoundException);
  });
});

describe("usage plans over the AWS API, enforced by the gateway", () => {
  it("adds a key to a plan on the stage, the gateway lets it through, patches reach GetUsagePlan and the gateway, usage is reported", async () => {
    const key = await aws.apigateway.send(new CreateApiKeyCommand({ name: "planned", value: "plannedKeyValue0123456789abc", enabled: true }));
    const plan = await aws.apigateway.send(
      new CreateUsagePlanCommand({
        name: "gold",
        description: "for partners",
        apiStages: [{ apiId, stage: "prod", throttle: { "/pets/GET": { burstLimit: 50, rateLimit: 40 } } }],
        throttle: { burstLimit: 100, rateLimit: 80 },
        quota: { limit: 1000, period: "DAY" },
      }),
    );
    expect(plan).toMatchObject({
      name: "gold",
      description: "for partners",
      apiStages: [{ apiId, stage: "prod", throttle: { "/pets/GET": { burstLimit: 50, rateLimit: 40 } } }],
      throttle: { burstLimit: 100, rateLimit: 80 },
      quota: { limit: 1000, offset: 0, period: "DAY" },
    });

    const planKey = await aws.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    expect(planKey).toEqual(expect.objectContaining({ id: key.id, type: "API_KEY", name: "planned", value: "plannedKeyValue0123456789abc" }));
    const again = await failure(aws.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" })));
    expect(again).toBeInstanceOf(ConflictException);
    const noKey = await failure(aws.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: "nosuchkey0", keyType: "API_KEY" })));
    expect(noKey).toBeInstanceOf(NotFoundException);
    expect((noKey as Error).message).toBe("Invalid API Key identifier specified");
    expect((await aws.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, nameQuery: "plan" }))).items?.map((k) => k.id)).toEqual([key.id]);
    expect((await aws.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, nameQuery: "zzz" }))).items).toEqual([]);
    expect((await aws.apigateway.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }))).name).toBe("planned");
    expect((await aws.apigateway.send(new GetUsagePlansCommand({ keyId: key.id }))).items?.map((p) => p.id)).toEqual([plan.id]);

    // The gateway hears the membership: the key passes, no key or a wrong one is 403.
    await waitFor(async () => ((await call(key.value)).status === 200 ? true : undefined), 15_000);
    expect((await call()).status).toBe(403);
    expect((await call("wrongKeyValue0123456789abcdef")).status).toBe(403);

    const updated = await aws.apigateway.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id,
        patchOperations: [
          { op: "replace", path: "/throttle/rateLimit", value: "60" },
          { op: "replace", path: "/throttle/burstLimit", value: "30" },
          { op: "replace", path: "/quota/limit", value: "3" },
          { op: "replace", path: "/quota/period", value: "WEEK" },
          { op: "replace", path: "/quota/offset", value: "2" },
          { op: "replace", path: `/apiStages/${apiId}:prod/throttle/~1pets/GET/rateLimit`, value: "7" },
          { op: "replace", path: "/description", value: "tightened" },
        ],
      }),
    );
    expect(updated.throttle).toEqual({ rateLimit: 60, burstLimit: 30 });
    expect(updated.quota).toEqual({ limit: 3, period: "WEEK", offset: 2 });
    const read = await aws.apigateway.send(new GetUsagePlanCommand({ usagePlanId: plan.id }));
    expect(read).toMatchObject({ description: "tightened", throttle: { rateLimit: 60, burstLimit: 30 }, quota: { limit: 3, period: "WEEK", offset: 2 } });
    expect(read.apiStages?.[0].throttle).toEqual({ "/pets/GET": { burstLimit: 50, rateLimit: 7 } });

    // The smaller quota reaches the gateway: the key soon runs out ("Limit Exceeded").
    const limited = await waitFor(async () => {
      const res = await call(key.value);
      return res.status === 429 ? res : undefined;
    }, 15_000, 300); // slower than the throttles, so a 429 here is the quota's
    expect(limited.json()).toEqual({ message: "Limit Exceeded" });

    // A failing entry names its path and nothing of the patch is applied.
    const bad = await failure(
      aws.apigateway.send(
        new UpdateUsagePlanCommand({
          usagePlanId: plan.id,
          patchOperations: [
            { op: "replace", path: "/name", value: "never" },
            { op: "replace", path: "/quota/limit", value: "lots" },
          ],
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect((bad as Error).message).toContain("/quota/limit");
    expect((await aws.apigateway.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).name).toBe("gold");

    // Usage: one [used, remaining] per day; the gateway flushes its counts within a moment.
    const usage = await waitFor(async () => {
      const u = await aws.apigateway.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: day(-1), endDate: day(), keyId: key.id }));
      const series = u.items?.[key.id!];
      return series && series[1][0] >= 3 ? u : undefined;
    }, 15_000);
    expect(usage).toMatchObject({ usagePlanId: plan.id, startDate: day(-1), endDate: day() });
    expect(usage.items?.[key.id!]).toHaveLength(2);
    expect(usage.items?.[key.id!][1][1]).toBe(0);

    // An admin gives the key more of this period's quota: it passes again.
    const extended = await aws.apigateway.send(
      new UpdateUsageCommand({ usagePlanId: plan.id, keyId: key.id, patchOperations: [{ op: "replace", path: "/remaining", value: "50" }] }),
    );
    expect(extended.items?.[key.id!][0][1]).toBe(50);
    await waitFor(async () => ((await call(key.value)).status === 200 ? true : undefined), 15_000);

    // Terraform changes api_stages by removing every stage, adding the new ones, then setting method throttles by unescaped path.
    const terraformStyle = await aws.apigateway.send(
      new UpdateUsagePlanCommand({
        usagePlanId: plan.id,
        patchOperations: [
          { op: "remove", path: "/apiStages", value: `${apiId}:prod` },
          { op: "add", path: "/apiStages", value: `${apiId}:prod` },
          { op: "replace", path: `/apiStages/${apiId}:prod/throttle//pets/GET/rateLimit`, value: "9.5" },
          { op: "replace", path: `/apiStages/${apiId}:prod/throttle//pets/GET/burstLimit`, value: "11" },
        ],
      }),
    );
    expect(terraformStyle.apiStages).toEqual([{ apiId, stage: "prod", throttle: { "/pets/GET": { rateLimit: 9.5, burstLimit: 11 } } }]);

    // Removing the stage from the plan closes the API to the key.
    const withoutStage = await aws.apigateway.send(
      new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: "remove", path: "/apiStages", value: `${apiId}:prod` }] }),
    );
    expect(withoutStage.apiStages).toEqual([]);
    await waitFor(async () => ((await call(key.value)).status === 403 ? true : undefined), 15_000);

    await aws.apigateway.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }));
    const gone = await failure(aws.apigateway.send(new GetUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id })));
    expect(gone).toBeInstanceOf(NotFoundException);
    await aws.apigateway.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id }));
    const noPlan = await failure(aws.apigateway.send(new GetUsagePlanCommand({ usagePlanId: plan.id })));
    expect(noPlan).toBeInstanceOf(NotFoundException);
    expect((noPlan as Error).message).toBe("Invalid Usage Plan ID specified");
  });

  it("refuses an unknown stage and a quota without a period", async () => {
    const noStage = await failure(aws.apigateway.send(new CreateUsagePlanCommand({ name: "x", apiStages: [{ apiId, stage: "nope" }] })));
    expect(noStage).toBeInstanceOf(BadRequestException);
    expect((noStage as Error).message).toContain("apiStages.0.stageName");
    const plan = await aws.apigateway.send(new CreateUsagePlanCommand({ name: "bare" }));
    expect(plan.apiStages).toEqual([]);
    expect(plan.quota).toBeUndefined();
    const partial = await failure(aws.apigateway.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: "replace", path: "/quota/limit", value: "10" }] })));
    expect(partial).toBeInstanceOf(BadRequestException);
    expect((partial as Error).message).toContain("/quota/period");
  });

  it("imports keys from AWS's CSV key file into usage plans, in one go", async () => {
    const plan = await aws.apigateway.send(new CreateUsagePlanCommand({ name: "imported" }));
    const csv = [
      "Name,key,description,Enabled,usageplanIds,Ignored",
      `imp-one,importedKeyValue000000000001,first one,TRUE,"${plan.id}",x`,
      "imp-two,importedKeyValue000000000002,,false,,",
      "imp-bad,short,,,,",
      "",
    ].join("\r\n");
    const strict = await failure(aws.apigateway.send(new ImportApiKeysCommand({ body: Buffer.from(csv), format: "csv", failOnWarnings: true })));
    expect(strict).toBeInstanceOf(BadRequestException);
    expect((strict as Error).message).toContain("Line 4: Key");
    expect((await aws.apigateway.send(new GetApiKeysCommand({ nameQuery: "imp-" }))).items).toEqual([]);

    const result = await aws.apigateway.send(new ImportApiKeysCommand({ body: Buffer.from(csv), format: "csv" }));
    expect(result.ids).toHaveLength(2);
    expect(result.warnings).toEqual([expect.stringContaining("Line 4: Key")]);
    const one = await aws.apigateway.send(new GetApiKeyCommand({ apiKey: result.ids![0], includeValue: true }));
    expect(one).toMatchObject({ name: "imp-one", description: "first one", enabled: true, value: "importedKeyValue000000000001" });
    expect((await aws.apigateway.send(new GetApiKeyCommand({ apiKey: result.ids![1] }))).enabled).toBe(false);
    expect((await aws.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.map((k) => k.id)).toEqual([result.ids![0]]);

    // The same value again overwrites the key it already is.
    const again = await aws.apigateway.send(new ImportApiKeysCommand({ body: Buffer.from("key,name\nimportedKeyValue000000000002,imp-renamed\n"), format: "csv" }));
    expect(again.ids).toEqual([result.ids![1]]);
    expect((await aws.apigateway.send(new GetApiKeyCommand({ apiKey: result.ids![1] }))).name).toBe("imp-renamed");

    // A plan without a quota reports usage with no "remaining".
    const usage = await aws.apigateway.send(new GetUsageCommand({ usagePlanId: plan.id, startDate: day(), endDate: day() }));
    expect(usage.items).toEqual({ [result.ids![0]]: [[0, null]] });
  });
});
