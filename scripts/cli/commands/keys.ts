import { bool, positionals, str } from "../args";
import { ApiError, type Client } from "../client";
import type { CommandTable } from "../command";
import { emit, table } from "../output";

export interface ApiKey {
  id: string;
  name: string;
  enabled: boolean;
  prefix: string;
  value?: string;
  version: number;
  usagePlans: Array<{ id: string; name: string }>;
}

/** A key by id, else by its unique name. */
export async function resolveKey(client: Client, idOrName: string): Promise<ApiKey> {
  const { items } = await client.get<{ items: ApiKey[] }>("/apikeys");
  const found = items.find((k) => k.id === idOrName) ?? items.filter((k) => k.name === idOrName);
  if (!Array.isArray(found)) return found;
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new ApiError(1, `Several API keys are named "${idOrName}": use the id.`);
  throw new ApiError(404, `No API key with id or name "${idOrName}".`);
}

export const keyCommands: CommandTable = {
  "keys create": {
    usage: "keys create NAME [--value V] [--description D] [--disabled]",
    summary: "Creates an API key; its value is printed this once.",
    options: { value: { kind: "string" }, description: { kind: "string" }, disabled: { kind: "boolean" } },
    async run({ args, out, client }) {
      const [name] = positionals(args, ["name"]);
      const key = await (await client()).post<ApiKey>("/apikeys", {
        name,
        value: str(args, "value"),
        description: str(args, "description"),
        enabled: !bool(args, "disabled"),
      });
      emit(out, key, () => `Created API key ${key.name} (${key.id}).\n${key.value ?? ""}`);
    },
  },
  "keys list": {
    usage: "keys list",
    summary: "Lists API keys (prefix only).",
    options: {},
    async run({ args, out, client }) {
      positionals(args, []);
      const { items } = await (await client()).get<{ items: ApiKey[] }>("/apikeys");
      emit(out, { items }, () =>
        table(
          items.map((k) => ({ ...k, usagePlans: k.usagePlans.map((p) => p.name) })),
          ["id", "name", "prefix", "enabled", "usagePlans"],
        ),
      );
    },
  },
  "keys disable": {
    usage: "keys disable KEY",
    summary: "Disables an API key (by id or name); the gateway refuses it within a second.",
    options: {},
    async run({ args, out, client }) {
      const [idOrName] = positionals(args, ["key"]);
      const c = await client();
      const key = await resolveKey(c, idOrName);
      const updated = await c.patch<ApiKey>(`/apikeys/${key.id}`, { version: key.version, enabled: false });
      emit(out, updated, () => `Disabled API key ${updated.name} (${updated.id}).`);
    },
  },
  "keys enable": {
    usage: "keys enable KEY",
    summary: "Enables an API key again.",
    options: {},
    async run({ args, out, client }) {
      const [idOrName] = positionals(args, ["key"]);
      const c = await client();
      const key = await resolveKey(c, idOrName);
      const updated = await c.patch<ApiKey>(`/apikeys/${key.id}`, { version: key.version, enabled: true });
      emit(out, updated, () => `Enabled API key ${updated.name} (${updated.id}).`);
    },
  },
};
