import { prisma } from "@/lib/db";
import { ZCurlRequest } from "@/lib/schemas/tester";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { consoleGatewayUrl } from "@/lib/services/restapis";
import { curlFor } from "@/lib/services/tester";

/** `curl` for a request; the API key is `$API_KEY` unless the caller may reveal key values. */
export const POST = apiRoute("read", async (req, principal) => {
  const input = await parseBody(req, ZCurlRequest);
  return json({ curl: await curlFor(prisma(), principal, input, consoleGatewayUrl()) });
});
