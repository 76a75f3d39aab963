import { NextResponse } from "next/server";
import { prisma } from "@/lib/db";
import { withSession } from "@/lib/server/api-route";
import { listApis } from "@/lib/services/restapis";

export const GET = withSession(async () => NextResponse.json({ items: await listApis(prisma()) }));
