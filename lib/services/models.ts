import type { z } from "zod";
import type { Db } from "../db";
import type { ApiModel } from "../generated/prisma/client";
import { AppError } from "../errors";
import { randomId } from "../ids";
import type { TModel, ZCreateModel, ZUpdateModel } from "../schemas/management";
import { generateTemplateFromModel } from "../vtl";
import { modelSchemaProblem, referencedModelNames } from "./compile-models";
import { requireApi } from "./restapis";
import { expectUpdated, expectVersion, invalid, notFound, stringMap, type Tx } from "./shared";

/** Models of an API (`/restapis/{id}/models`): JSON Schemas (draft-04) methods name in requestModels / responseModels. */

export function toModel(row: ApiModel): TModel {
  return { id: row.id, name: row.name, description: row.description, contentType: row.contentType, schema: row.schema, version: row.version };
}

export async function requireModel(tx: Tx | Db, restApiId: string, name: string): Promise<ApiModel> {
  const row = await tx.apiModel.findUnique({ where: { restApiId_name: { restApiId, name } } });
  if (!row) {
    await requireApi(tx, restApiId);
    throw notFound(`Model ${name} does not exist in REST API ${restApiId}.`);
  }
  return row;
}

/** 400 naming `schema` unless it is a valid draft-04 JSON Schema whose model `$ref`s resolve in this API. */
async function checkSchema(tx: Tx, restApiId: string, name: string, schema: string): Promise<void> {
  const others = await tx.apiModel.findMany({ where: { restApiId }, select: { name: true, schema: true } });
  const byName = new Map(others.filter((m) => m.name !== name).map((m) => [m.name, m.schema]));
  const problem = modelSchemaProblem(restApiId, schema, byName, name);
  if (problem) throw invalid([{ field: "schema", message: problem }]);
}

export async function listModels(db: Db, restApiId: string): Promise<TModel[]> {
  await requireApi(db, restApiId);
  const rows = await db.apiModel.findMany({ where: { restApiId }, orderBy: { name: "asc" } });
  return rows.map(toModel);
}

export async function getModel(db: Db, restApiId: string, name: string): Promise<TModel> {
  return toModel(await requireModel(db, restApiId, name));
}

export async function createModel(db: Db, restApiId: string, input: z.output<typeof ZCreateModel>): Promise<TModel> {
  return db.$transaction(async (tx) => {
    await requireApi(tx, restApiId);
    if (await tx.apiModel.findUnique({ where: { restApiId_name: { restApiId, name: input.name } } })) {
      throw new AppError("conflict", `Model ${input.name} already exists in this API.`);
    }
    await checkSchema(tx, restApiId, input.name, input.schema);
    const row = await tx.apiModel.create({
      data: { id: randomId(10), restApiId, name: input.name, description: input.description, contentType: input.contentType, schema: input.schema },
    });
    return toModel(row);
  });
}

export async function updateModel(db: Db, restApiId: string, name: string, input: z.output<typeof ZUpdateModel>): Promise<TModel> {
  return db.$transaction(async (tx) => {
    const row = await requireModel(tx, restApiId, name);
    const what = `Model ${name}`;
    const version = input.version ?? row.version;
    expectVersion(what, row.version, version);
    if (input.schema !== undefined) await checkSchema(tx, restApiId, name, input.schema);
    const result = await tx.apiModel.updateMany({
      where: { id: row.id, version },
      data: { description: input.description, contentType: input.contentType, schema: input.schema, version: { increment: 1 } },
    });
    expectUpdated(what, result);
    return toModel(await tx.apiModel.findUniqueOrThrow({ where: { id: row.id } }));
  });
}

/** Where the API uses model `name`: "method request: GET /pets", "method response: GET /pets 200", "model: Pets". */
async function usesOf(tx: Tx, restApiId: string, name: string): Promise<string[]> {
  const resources = await tx.resource.findMany({
    where: { restApiId },
    orderBy: { path: "asc" },
    include: { methods: { orderBy: { httpMethod: "asc" }, include: { methodResponses: { orderBy: { statusCode: "asc" } } } } },
  });
  const uses: string[] = [];
  for (const resource of resources) {
    for (const method of resource.methods) {
      if (Object.values(stringMap(method.requestModels)).includes(name)) uses.push(`method request: ${method.httpMethod} ${resource.path}`);
      for (const response of method.methodResponses) {
        if (Object.values(stringMap(response.responseModels)).includes(name)) {
          uses.push(`method response: ${method.httpMethod} ${resource.path} ${response.statusCode}`);
        }
      }
    }
  }
  const models = await tx.apiModel.findMany({ where: { restApiId, NOT: { name } }, orderBy: { name: "asc" }, select: { name: true, schema: true } });
  for (const model of models) if (referencedModelNames(model.schema).includes(name)) uses.push(`model: ${model.name}`);
  return uses;
}

/** Deletes the model; 409 while a method, method response or another model references it. */
export async function deleteModel(db: Db, restApiId: string, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await requireModel(tx, restApiId, name);
    const uses = await usesOf(tx, restApiId, name);
    if (uses.length > 0) throw new AppError("conflict", `Cannot delete model '${name}', is referenced in ${uses.join(", ")}`);
    await tx.apiModel.delete({ where: { id: row.id } });
  });
}

/** A mapping template generated from the model's schema (AWS's GetModelTemplate). */
export async function modelTemplate(db: Db, restApiId: string, name: string): Promise<{ value: string }> {
  const row = await requireModel(db, restApiId, name);
  let schema: unknown;
  try {
    schema = JSON.parse(row.schema);
  } catch {
    throw invalid([{ field: "schema", message: `Model ${name}'s schema is not valid JSON` }]);
  }
  return { value: generateTemplateFromModel(schema, { modelName: name }) };
}
