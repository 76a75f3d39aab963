#!/usr/bin/env node
// The `gatehouse` command: registers tsx's ESM hooks (tsx/esm/api register(), with this package's
// tsconfig whatever the working directory) so the TypeScript source in scripts/cli runs as is.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../scripts/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
