import { defineConfig } from "prisma/config";

// The datasource URL is only needed by CLI commands that talk to a database;
// Gatehouse applies migrations with its own runner (lib/server/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
