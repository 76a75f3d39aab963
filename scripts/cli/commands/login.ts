import os from "node:os";
import { str, UsageError } from "../args";
import { ApiError, Client, normalizeUrl, readCredentials, toApiError, writeCredentials } from "../client";
import type { CommandTable } from "../command";
import { emit } from "../output";
import { ask, interactive } from "../prompt";

interface Me {
  email: string | null;
  role: string;
}

export const loginCommands: CommandTable = {
  login: {
    usage: "login [URL] [--token TOKEN | --email EMAIL [--password PASSWORD]] [--name TOKEN_NAME]",
    summary: "Stores the console URL and a personal access token; with email and password, signs in and creates a token for this machine.",
    options: { email: { kind: "string" }, password: { kind: "string" }, name: { kind: "string" } },
    async run({ args, out, env }) {
      if (args.positionals.length > 1) throw new UsageError(`Unexpected argument: ${args.positionals[1]}`);
      const stored = await readCredentials(env);
      let url = args.positionals[0] ?? str(args, "url") ?? env.GATEHOUSE_URL;
      if (!url && interactive()) url = (await ask(`Console URL [${stored?.url ?? "http://localhost:3000"}]: `)).trim() || stored?.url || "http://localhost:3000";
      if (!url) throw new UsageError("Give the console URL: gatehouse login http://localhost:3000 …");
      url = normalizeUrl(url);
      let token = str(args, "token");
      let email = str(args, "email");
      if (!token && !email) {
        if (!interactive()) throw new UsageError("Give --token, or --email and --password");
        const answer = (await ask("Personal access token (empty: sign in with email and password): ", true)).trim();
        if (answer) token = answer;
        else email = (await ask("Email: ")).trim();
      }
      let created = false;
      if (!token) {
        let password = str(args, "password") ?? env.GATEHOUSE_PASSWORD;
        if (!password) {
          if (!interactive()) throw new UsageError("--password is required when not interactive (or set GATEHOUSE_PASSWORD)");
          password = await ask("Password: ", true);
        }
        const name = str(args, "name") ?? `gatehouse CLI on ${os.hostname()}`;
        out.progress(`Signing in to ${url}`);
        let res: Response;
        try {
          res = await fetch(`${url}/api/v1/auth/token`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json" },
            body: JSON.stringify({ email, password, name }),
          });
        } catch (err) {
          throw new ApiError(0, `Cannot reach Gatehouse at ${url}: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
        }
        if (!res.ok) throw await toApiError(res);
        token = ((await res.json()) as { secret: string }).secret;
        created = true;
      }
      const me = await new Client(url, token!).get<Me>("/me");
      const file = await writeCredentials({ url, token: token! }, env);
      emit(out, { url, email: me.email, role: me.role, tokenCreated: created, credentialsFile: file }, () =>
        `Logged in to ${url} as ${me.email ?? "the bootstrap token"} (${me.role}).${created ? " A personal access token for this machine was created." : ""}\nSaved to ${file}`,
      );
    },
  },
  logout: {
    usage: "logout",
    summary: "Forgets the stored URL and token (the token stays valid until revoked in the console).",
    options: {},
    async run({ out, env }) {
      const { configDir } = await import("../client");
      const fs = await import("node:fs/promises");
      const path = await import("node:path");
      await fs.rm(path.join(configDir(env), "credentials.json"), { force: true });
      emit(out, { loggedOut: true }, () => "Logged out.");
    },
  },
};
