import type { Db } from "../db";
import { invokeUrl } from "../config";
import { readSnapshot, readWorkingCopy } from "../openapi-io/read";
import { renderDocument, toOpenApi } from "../openapi-io/to-openapi";
import { ZDeploymentSnapshot } from "../snapshot";
import { notFound } from "./shared";
import { consoleGatewayUrl } from "./restapis";

/** OpenAPI 3.0 export of an API's working copy or of a stage's deployment (Amazon's GetExport). */

export interface ExportOptions {
  format: "json" | "yaml";
  extensions: boolean;
}

export interface ExportedDocument {
  body: string;
  contentType: string;
  filename: string;
  document: Record<string, unknown>;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "api";

function finish(doc: Record<string, unknown>, base: string, options: ExportOptions): ExportedDocument {
  return {
    body: renderDocument(doc, options.format),
    contentType: options.format === "yaml" ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8",
    filename: `${safe(base)}-oas30${options.extensions ? "-apigateway" : ""}.${options.format}`,
    document: doc,
  };
}

export async function exportWorkingCopy(db: Db, restApiId: string, options: ExportOptions): Promise<ExportedDocument> {
  const def = await readWorkingCopy(db, restApiId);
  if (!def) throw notFound(`REST API ${restApiId} does not exist.`);
  return finish(toOpenApi(def, { extensions: options.extensions }), def.name, options);
}

export async function exportStage(db: Db, restApiId: string, stageName: string, options: ExportOptions, gatewayUrl = consoleGatewayUrl()): Promise<ExportedDocument> {
  const stage = await db.stage.findFirst({ where: { restApiId, name: stageName }, include: { deployment: true, restApi: { select: { description: true } } } });
  if (!stage) throw notFound(`Stage ${stageName} of REST API ${restApiId} does not exist.`);
  const snapshot = ZDeploymentSnapshot.parse(stage.deployment.snapshot);
  const def = readSnapshot(snapshot, stage.deployment.createdAt, stage.restApi.description);
  const doc = toOpenApi(def, { extensions: options.extensions, serverUrl: invokeUrl(gatewayUrl, restApiId, stageName) });
  return finish(doc, `${def.name}-${stageName}`, options);
}
