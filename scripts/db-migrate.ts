import "dotenv/config";
import { loadSettings, SettingsError } from "../lib/config";
import { lockDataDir } from "../lib/server/data-dir";
import { ensureDatabase } from "../lib/server/database";
import { migrate } from "../lib/server/migrate";

/** `npm run db:migrate`: ensure the database and apply pending migrations, nothing else. */
async function main() {
  const settings = loadSettings();
  const unlock = await lockDataDir(settings.dataDir);
  const database = await ensureDatabase(settings, console.log);
  try {
    const applied = await migrate(database.url, { log: console.log });
    console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Database is up to date.");
  } finally {
    await database.stop();
    await unlock();
  }
}

main().catch((err) => {
  console.error(err instanceof SettingsError ? err.message : (err as Error).message);
  process.exit(1);
});
