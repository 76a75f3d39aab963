/**
 * Command-line argument parsing for the `gatehouse` CLI: each command declares
 * its options; anything else is a usage error (exit code 2).
 */

export class UsageError extends Error {}

export type OptionKind = "string" | "boolean" | "multi";

export interface OptionSpec {
  kind: OptionKind;
  /** One-letter alias, e.g. "o" for -o. */
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  json: { kind: "boolean" },
  help: { kind: "boolean", short: "h" },
  url: { kind: "string" },
  token: { kind: "string" },
};

/**
 * Parses `argv` (without the command words) against `specs` plus the global
 * options: `--name value`, `--name=value`, `-x value`, `--flag`, `--no-flag`,
 * `--` ends options. A `multi` option collects every occurrence.
 */
export function parseArgs(argv: string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { ...GLOBAL_OPTIONS, ...specs };
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(all)) if (spec.short) byShort.set(spec.short, name);
  const positionals: string[] = [];
  const options: ParsedArgs["options"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    } else if (/^-[A-Za-z]$/.test(arg)) {
      name = byShort.get(arg.slice(1));
      if (!name) throw new UsageError(`Unknown option ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    let spec = all[name];
    let negated = false;
    if (!spec && name.startsWith("no-") && all[name.slice(3)]?.kind === "boolean") {
      name = name.slice(3);
      spec = all[name];
      negated = true;
    } else if (!spec && name.startsWith("no-") && all[name]) {
      spec = all[name];
    }
    if (!spec) throw new UsageError(`Unknown option --${name}`);
    if (spec.kind === "boolean") {
      if (inline !== undefined) {
        if (!["true", "false"].includes(inline)) throw new UsageError(`--${name} takes no value (or =true / =false)`);
        options[name] = inline === "true";
      } else options[name] = !negated;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (spec.kind === "multi") {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(value);
      options[name] = list;
    } else options[name] = value;
  }
  return { positionals, options };
}

export const str = (args: ParsedArgs, name: string): string | undefined => args.options[name] as string | undefined;
export const bool = (args: ParsedArgs, name: string): boolean => args.options[name] === true;
export const multi = (args: ParsedArgs, name: string): string[] => (args.options[name] as string[] | undefined) ?? [];

export function requireStr(args: ParsedArgs, name: string): string {
  const value = str(args, name);
  if (value === undefined || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** Exactly `count` positionals named `names` (for the message). */
export function positionals(args: ParsedArgs, names: string[], optional = 0): string[] {
  const max = names.length;
  const min = max - optional;
  if (args.positionals.length < min) throw new UsageError(`Missing ${names.slice(args.positionals.length, min).map((n) => n.toUpperCase()).join(" ")}`);
  if (args.positionals.length > max) throw new UsageError(`Unexpected argument: ${args.positionals[max]}`);
  return args.positionals;
}

/** `10m`, `2h`, `30s`, `1d` or an ISO date-time → an ISO date-time. */
export function sinceToIso(since: string, now = new Date()): string {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(since.trim());
  if (m) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
    return new Date(now.getTime() - Number(m[1]) * unit).toISOString();
  }
  const date = new Date(since);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since is a duration (10m, 2h, 1d) or an ISO date-time, not "${since}"`);
  return date.toISOString();
}
