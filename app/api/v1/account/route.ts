import { prisma } from "@/lib/db";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { getAccount, updateAccount, ZUpdateAccount } from "@/lib/services/account-limits";

/** AWS GetAccount: `{throttleSettings: {rateLimit, burstLimit}}` (plus the settings' defaults). */
export const GET = apiRoute("read", async () => json(await getAccount(prisma())));

/**
 * Changes the account throttle (admins only): `{throttleSettings: {rateLimit?, burstLimit?}}`,
 * AWS patch operations (`{patchOperations: [{op: "replace", path: "/throttle/rateLimit", value: "500"}]}`),
 * or `{reset: true}` for the settings' defaults. Every gateway applies it within a second.
 */
export const PATCH = apiRoute("admin", async (req) => json(await updateAccount(prisma(), await parseBody(req, ZUpdateAccount))));
