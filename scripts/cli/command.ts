import type { OptionSpecs, ParsedArgs } from "./args";
import type { Client } from "./client";
import type { Output } from "./output";

export interface Context {
  args: ParsedArgs;
  out: Output;
  env: NodeJS.ProcessEnv;
  /** The management API client from the login (or GATEHOUSE_URL/TOKEN, --url/--token). */
  client(): Promise<Client>;
}

export interface Command {
  /** e.g. "apis import FILE [--mode create|overwrite|merge] [--api ID|NAME]" */
  usage: string;
  summary: string;
  options: OptionSpecs;
  /** Exit code (default 0). */
  run(ctx: Context): Promise<number | void>;
}

/** Commands by their words: "apis list", "deploy", … */
export type CommandTable = Record<string, Command>;
