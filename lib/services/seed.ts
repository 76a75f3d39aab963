import type { Db } from "../db";
import { functionInvocationUri, type ArnContext } from "../arn";
import { randomId } from "../ids";
import { generatePassword, hashPassword } from "../server/passwords";
import { deployInTransaction } from "./deploy";

export const DEMO_API_NAME = "users-demo";
export const DEMO_FUNCTION_NAME = "list-users";
export const DEMO_STAGE = "dev";
export const DEMO_FUNCTION_CODE = `// Returns the demo's users as a Lambda proxy response.
exports.handler = async (event) => {
  const users = [
    { id: 1, name: "John Doe" },
    { id: 2, name: "Jane Smith" },
  ];
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(users),
  };
};
`;

const DEMO_SEEDED_KEY = "demo_seeded";

export interface AdminSeedResult {
  email: string;
  created: boolean;
  /** Set only when the password was generated now; printed once, never stored in clear. */
  generatedPassword?: string;
}

/** Creates the first admin when no user with that email exists. */
export async function ensureAdmin(db: Db, email: string, password?: string): Promise<AdminSeedResult> {
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) return { email, created: false };
  const chosen = password ?? generatePassword();
  await db.user.create({
    data: { email, name: "Administrator", role: "admin", passwordHash: await hashPassword(chosen) },
  });
  return { email, created: true, generatedPassword: password ? undefined : chosen };
}

/**
 * Seeds the demo API once per installation: deleting it later does not bring
 * it back on the next start.
 */
export async function seedDemo(db: Db, arn: ArnContext): Promise<{ restApiId: string } | null> {
  const seeded = await db.systemSetting.findUnique({ where: { key: DEMO_SEEDED_KEY } });
  if (seeded) {
    const api = await db.restApi.findFirst({ where: { id: seeded.value } });
    return api ? { restApiId: api.id } : null;
  }
  const restApiId = randomId(10);
  await db.$transaction(async (tx) => {
    await tx.function.upsert({
      where: { name: DEMO_FUNCTION_NAME },
      create: { name: DEMO_FUNCTION_NAME, code: DEMO_FUNCTION_CODE, files: { "index.js": DEMO_FUNCTION_CODE }, handler: "index.handler" },
      update: {},
    });
    await tx.restApi.create({ data: { id: restApiId, name: DEMO_API_NAME, description: "Demo API seeded on first start" } });
    const root = await tx.resource.create({ data: { id: randomId(10), restApiId, path: "/", pathPart: "" } });
    const users = await tx.resource.create({
      data: { id: randomId(10), restApiId, parentId: root.id, path: "/users", pathPart: "users" },
    });
    await tx.method.create({
      data: {
        resourceId: users.id,
        httpMethod: "GET",
        integration: {
          create: { type: "AWS_PROXY", httpMethod: "POST", uri: functionInvocationUri(arn, DEMO_FUNCTION_NAME) },
        },
      },
    });
    await tx.systemSetting.create({ data: { key: DEMO_SEEDED_KEY, value: restApiId } });
    await deployInTransaction(tx, { restApiId, stageName: DEMO_STAGE, description: "Initial deployment", createdBy: "seed" });
  });
  return { restApiId };
}
