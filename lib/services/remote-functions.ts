import type { z } from "zod";
import type { Db } from "../db";
import type { RemoteFunction } from "../generated/prisma/client";
import { AppError } from "../errors";
import { parseFunctionArn } from "../arn";
import { encryptSecret } from "../secrets";
import type { TRemoteFunction, ZCreateRemoteFunction, ZUpdateRemoteFunction } from "../schemas/remote-functions";
import { notifyGateway } from "./deploy";
import { expectUpdated, expectVersion } from "./shared";

/** Never the secrets: the key id, and that a secret is stored. */
function present(row: RemoteFunction): TRemoteFunction {
  return {
    id: row.id,
    functionArn: row.functionArn,
    endpoint: row.endpoint,
    region: row.region,
    accessKeyId: row.accessKeyId,
    hasSecret: true,
    hasSessionToken: row.sessionToken !== null,
    description: row.description,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function secretKey(): string {
  const key = process.env.GATEHOUSE_SECRET_KEY;
  if (!key) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: remote function credentials cannot be stored.");
  return key;
}

async function requireRemote(db: Db, id: string): Promise<RemoteFunction> {
  const row = await db.remoteFunction.findUnique({ where: { id } });
  if (!row) throw new AppError("not-found", `Remote function ${id} does not exist.`);
  return row;
}

export async function listRemoteFunctions(db: Db): Promise<TRemoteFunction[]> {
  return (await db.remoteFunction.findMany({ orderBy: { functionArn: "asc" } })).map(present);
}

export async function getRemoteFunction(db: Db, id: string): Promise<TRemoteFunction> {
  return present(await requireRemote(db, id));
}

export async function createRemoteFunction(db: Db, input: z.output<typeof ZCreateRemoteFunction>): Promise<TRemoteFunction> {
  const key = secretKey();
  if (await db.remoteFunction.findUnique({ where: { functionArn: input.functionArn } })) {
    throw new AppError("conflict", `A remote function for ${input.functionArn} already exists.`);
  }
  return db.$transaction(async (tx) => {
    const row = await tx.remoteFunction.create({
      data: {
        functionArn: input.functionArn,
        endpoint: input.endpoint.replace(/\/+$/, ""),
        region: input.region ?? parseFunctionArn(input.functionArn)!.region,
        accessKeyId: input.accessKeyId,
        secretAccessKey: encryptSecret(input.secretAccessKey, key),
        sessionToken: input.sessionToken ? encryptSecret(input.sessionToken, key) : null,
        description: input.description ?? "",
      },
    });
    await notifyGateway(tx, { kind: "remote-function", arn: row.functionArn });
    return present(row);
  });
}

export async function updateRemoteFunction(db: Db, id: string, input: z.output<typeof ZUpdateRemoteFunction>): Promise<TRemoteFunction> {
  const current = await requireRemote(db, id);
  expectVersion(`Remote function ${current.functionArn}`, current.version, input.version);
  const key = input.secretAccessKey !== undefined || input.sessionToken ? secretKey() : "";
  return db.$transaction(async (tx) => {
    const result = await tx.remoteFunction.updateMany({
      where: { id, version: input.version },
      data: {
        endpoint: input.endpoint?.replace(/\/+$/, ""),
        region: input.region,
        accessKeyId: input.accessKeyId,
        secretAccessKey: input.secretAccessKey !== undefined ? encryptSecret(input.secretAccessKey, key) : undefined,
        sessionToken: input.sessionToken === null ? null : input.sessionToken !== undefined ? encryptSecret(input.sessionToken, key) : undefined,
        description: input.description,
        version: { increment: 1 },
      },
    });
    expectUpdated(`Remote function ${current.functionArn}`, result);
    await notifyGateway(tx, { kind: "remote-function", arn: current.functionArn });
    return present(await tx.remoteFunction.findUniqueOrThrow({ where: { id } }));
  });
}

/** Deletes the record; deployed integrations naming it then answer 500 (configuration error) until redeployed. */
export async function deleteRemoteFunction(db: Db, id: string): Promise<void> {
  const current = await requireRemote(db, id);
  await db.$transaction(async (tx) => {
    const result = await tx.remoteFunction.deleteMany({ where: { id } });
    if (result.count === 0) throw new AppError("not-found", `Remote function ${id} does not exist.`);
    await notifyGateway(tx, { kind: "remote-function", arn: current.functionArn });
  });
}
