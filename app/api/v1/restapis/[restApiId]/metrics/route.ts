import { NextResponse } from "next/server";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { withSession } from "@/lib/server/api-route";
import { requestSeries } from "@/lib/services/metrics";

const ZQuery = z.object({ minutes: z.coerce.number().int().min(5).max(1440).default(60) });

export const GET = withSession<{ restApiId: string }>(async (req, _user, { restApiId }) => {
  const query = ZQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) {
    throw new AppError("validation-failed", "Invalid query", query.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  }
  return NextResponse.json(await requestSeries(prisma(), restApiId, query.data.minutes));
});
