import { createPrismaClient, type Db } from "../../lib/db";
import { createTestDatabase, type TestDatabase } from "./database";
import { startTestGateway, type TestGateway } from "./gateway";

/** A fresh migrated database, a Prisma client on it, and (once started) the real gateway. */
export interface Stack {
  db: TestDatabase;
  prisma: Db;
  gateway: TestGateway;
  startGateway(env?: Record<string, string>): Promise<TestGateway>;
  close(): Promise<void>;
}

export async function createStack(serverUrl: string): Promise<Stack> {
  const db = await createTestDatabase(serverUrl);
  const prisma = createPrismaClient(db.url);
  let gateway: TestGateway | undefined;
  return {
    db,
    prisma,
    get gateway() {
      if (!gateway) throw new Error("gateway not started");
      return gateway;
    },
    async startGateway(env) {
      gateway = await startTestGateway(db.url, env);
      return gateway;
    },
    async close() {
      await gateway?.stop();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}
