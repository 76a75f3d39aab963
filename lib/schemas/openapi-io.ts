import { z } from "zod";

/** OpenAPI import and export (`/restapis/import`, `/restapis/{id}/export`, `/restapis/{id}/stages/{s}/export`). */

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const ZImportQuery = z.object({
  mode: z.enum(["create", "overwrite", "merge"]).default("create"),
  restApiId: z.string().min(1).optional(),
  failOnWarnings: bool.default(false),
});

/** The body is the document itself (JSON or YAML text), or this JSON wrapper. */
export const ZImportDocument = z.object({ document: z.string().min(1, "The document is empty") });

export const ZExportQuery = z.object({
  format: z.enum(["json", "yaml"]).default("json"),
  extensions: bool.default(true),
});

export const ZImportWarning = z.object({ pointer: z.string(), message: z.string() });
export const ZImportProblem = z.object({ field: z.string(), message: z.string() });

export const ZImportSummary = z.object({
  resources: z.number().int(),
  methods: z.number().int(),
  models: z.number().int(),
  requestValidators: z.number().int(),
  authorizers: z.number().int(),
  gatewayResponses: z.number().int(),
  integrations: z.record(z.string(), z.number().int()),
});

export const ZImportValidation = z.object({
  valid: z.boolean(),
  name: z.string().nullable(),
  problems: z.array(ZImportProblem),
  warnings: z.array(ZImportWarning),
  summary: ZImportSummary.nullable(),
});

export const ZImportResult = z.object({
  restApi: z.object({ id: z.string(), name: z.string() }).passthrough(),
  warnings: z.array(ZImportWarning),
});

export type TImportValidation = z.infer<typeof ZImportValidation>;
export type TImportResult = z.infer<typeof ZImportResult>;
