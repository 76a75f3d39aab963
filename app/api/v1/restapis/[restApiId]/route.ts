import { NextResponse } from "next/server";
import { prisma } from "@/lib/db";
import { withSession } from "@/lib/server/api-route";
import { getApi } from "@/lib/services/restapis";

export const GET = withSession<{ restApiId: string }>(async (_req, _user, { restApiId }) =>
  NextResponse.json(await getApi(prisma(), restApiId)),
);
