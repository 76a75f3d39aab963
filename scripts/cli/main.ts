import { parseArgs, UsageError } from "./args";
import { ApiError, clientFrom, type Client } from "./client";
import type { Command, CommandTable } from "./command";
import { makeOutput } from "./output";
import { loginCommands } from "./commands/login";
import { apiCommands } from "./commands/apis";
import { deployCommands } from "./commands/deploy";
import { functionCommands } from "./commands/functions";
import { keyCommands } from "./commands/keys";
import { usagePlanCommands } from "./commands/usage-plans";
import { invokeCommands } from "./commands/invoke";
import { logCommands } from "./commands/logs";
import { applyCommands } from "./commands/apply";

/** Exit codes: 0 ok, 1 failure, 2 usage error, 3 drift (`diff`). */
export const EXIT = { ok: 0, failure: 1, usage: 2, drift: 3 } as const;

export const COMMANDS: CommandTable = {
  ...loginCommands,
  ...apiCommands,
  ...deployCommands,
  ...functionCommands,
  ...keyCommands,
  ...usagePlanCommands,
  ...invokeCommands,
  ...logCommands,
  ...applyCommands,
};

/** The command named by the longest prefix of `argv` (two words, then one). */
export function findCommand(argv: string[]): { name: string; command: Command; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(" ");
    if (argv.length >= words && COMMANDS[name]) return { name, command: COMMANDS[name], rest: argv.slice(words) };
  }
  return null;
}

export function helpText(): string {
  const lines = Object.values(COMMANDS).map((c) => `  gatehouse ${c.usage}\n      ${c.summary}`);
  return [
    "Usage: gatehouse <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Every command takes --json (machine-readable output), --url URL and --token TOKEN",
    "(default: GATEHOUSE_URL / GATEHOUSE_TOKEN, else the stored `gatehouse login`).",
    "An API is named by its id or its unique name.",
    "Exit codes: 0 ok, 1 failure, 2 usage error, 3 drift (diff).",
  ].join("\n");
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const wantsJson = argv.includes("--json");
  const out = makeOutput(wantsJson);
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    out.out(helpText());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === "--version" || argv[0] === "version") {
    out.out("gatehouse 0.1.0");
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    out.err(`Unknown command: ${argv.slice(0, 2).join(" ")}\n\n${helpText()}`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(found.rest, found.command.options);
    if (args.options.help) {
      out.out(`Usage: gatehouse ${found.command.usage}\n  ${found.command.summary}`);
      return EXIT.ok;
    }
    let cached: Client | undefined;
    const code = await found.command.run({
      args,
      out,
      env,
      client: async () => (cached ??= await clientFrom({ url: args.options.url as string | undefined, token: args.options.token as string | undefined }, env)),
    });
    return code ?? EXIT.ok;
  } catch (err) {
    return reportError(err, found.command, out);
  }
}

function reportError(err: unknown, command: Command, out: ReturnType<typeof makeOutput>): number {
  if (err instanceof UsageError) {
    if (out.json) out.out(JSON.stringify({ error: { message: err.message, usage: `gatehouse ${command.usage}` } }));
    else out.err(`Error: ${err.message}\nUsage: gatehouse ${command.usage}`);
    return EXIT.usage;
  }
  if (err instanceof ApiError) {
    if (out.json) out.out(JSON.stringify({ error: { status: err.status, message: err.message, code: err.code, problems: err.problems } }, null, 2));
    else out.err([`Error: ${err.message}`, ...err.problems.map((p) => `  ${p.field}: ${p.message}`)].join("\n"));
    return EXIT.failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (out.json) out.out(JSON.stringify({ error: { message } }));
  else out.err(`Error: ${message}`);
  return EXIT.failure;
}
