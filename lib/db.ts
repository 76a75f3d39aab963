import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;

export function createPrismaClient(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

const globalForPrisma = globalThis as unknown as { gatehousePrisma?: PrismaClient };

/** The console's one shared client (kept on globalThis so hot reload reuses it). */
export function prisma(): PrismaClient {
  if (!globalForPrisma.gatehousePrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the console with `npm start`.");
    globalForPrisma.gatehousePrisma = createPrismaClient(url);
  }
  return globalForPrisma.gatehousePrisma;
}
