import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { listResources } from "@/lib/services/resources";

/** Every resource of the API, by path, each with its methods (and their integrations) embedded. */
export const GET = apiRoute<{ restApiId: string }>("read", async (_req, _p, { restApiId }) =>
  json({ items: await listResources(prisma(), restApiId) }),
);
