import type { TMethod, TResource } from "@/lib/schemas/management";

/** What each of the four method-execution boxes gets. */
export interface BoxProps {
  apiId: string;
  resource: TResource;
  method: TMethod;
  /** `/restapis/{id}/resources/{rid}/methods/{VERB}` */
  base: string;
  canEdit: boolean;
  /** Refetches the resources (after a save); drafts in the boxes stay as they are. */
  refresh: () => Promise<void>;
  /** Refetches and remounts every box with what the server now has (the conflict banner's Reload). */
  reload: () => Promise<void>;
}

/** Splits `{prefix}{name}` keys out of a map; the rest is kept as it is. */
export function splitByPrefix<V>(record: Record<string, V>, prefix: string) {
  const matched: Array<[string, V]> = [];
  const rest: Record<string, V> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith(prefix)) matched.push([key.slice(prefix.length), value]);
    else rest[key] = value;
  }
  return { matched, rest };
}
