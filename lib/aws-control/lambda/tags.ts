import type { Db } from "../../db";
import { invalidParameterValue } from "../errors";

/**
 * A function's tags (CreateFunction Tags, TagResource, ListTags): Gatehouse
 * functions have no tag column, and tools read back the tags they set, so the
 * map is remembered per function name in SystemSetting and forgotten with the function.
 */
const TAGS_KEY_PREFIX = "lambda.tags.";

export type Tags = Record<string, string>;

/** A Tags map from a request body; InvalidParameterValueException when it is not one. */
export function tagsOf(value: unknown): Tags | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidParameterValue("Tags must be a map of strings.");
  const out: Tags = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== "string") throw invalidParameterValue(`Tags.${k} must be a string.`);
    out[k] = v;
  }
  return out;
}

export async function readTags(db: Db, name: string): Promise<Tags> {
  const row = await db.systemSetting.findUnique({ where: { key: TAGS_KEY_PREFIX + name } });
  if (!row) return {};
  try {
    return tagsOf(JSON.parse(row.value)) ?? {};
  } catch {
    return {};
  }
}

export async function writeTags(db: Db, name: string, tags: Tags): Promise<void> {
  const key = TAGS_KEY_PREFIX + name;
  if (Object.keys(tags).length === 0) {
    await db.systemSetting.deleteMany({ where: { key } });
    return;
  }
  const value = JSON.stringify(tags);
  await db.systemSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
