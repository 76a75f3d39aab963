import { z } from "zod";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, parseBody } from "@/lib/server/api-route";
import { verifyPassword } from "@/lib/server/passwords";
import { createToken } from "@/lib/services/tokens";

export const dynamic = "force-dynamic";

const ZTokenSignIn = z.object({
  email: z.string().trim().toLowerCase().min(1, "Email is required").max(320),
  password: z.string().min(1, "Password is required").max(1024),
  name: z.string().trim().min(1).max(128).default("gatehouse CLI"),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

// bcrypt of a random string: an unknown email costs as much time as a wrong password.
const DUMMY_HASH = "$2b$12$4v8YrCBERHTww9QSqxGWMeA1IoMf8Rp.f6fIwy7Eq/GxwgrXiOqqC";
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;
/** Failed sign-ins per email and per client address, in this console process. */
const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length === 0) failures.delete(key);
  else failures.set(key, list);
  return list;
}

function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "local";
}

/**
 * Signs in with email and password and creates a personal access token for the
 * caller (the `gatehouse login` CLI): `{email, password, name}` → 201
 * `{token, secret}`. 401 on wrong credentials; 429 after 10 failures for one
 * email or one client address within 15 minutes.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    const input = await parseBody(req, ZTokenSignIn);
    const now = Date.now();
    const keys = [`email:${input.email}`, `ip:${clientAddress(req)}`];
    const oldest = keys.map((k) => recent(k, now)).filter((l) => l.length >= MAX_FAILURES);
    if (oldest.length > 0) {
      const retryAfter = Math.ceil((Math.min(...oldest.map((l) => l[0])) + WINDOW_MS - now) / 1000);
      return Response.json(
        { message: "Too many failed sign-ins. Try again later.", code: "too-many-requests" },
        { status: 429, headers: { "retry-after": String(Math.max(1, retryAfter)) } },
      );
    }
    const db = prisma();
    const user = await db.user.findUnique({ where: { email: input.email } });
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      for (const k of keys) failures.set(k, [...recent(k, now), now]);
      throw new AppError("unauthorized", "Wrong email or password.");
    }
    for (const k of keys) failures.delete(k);
    const result = await createToken(
      db,
      { userId: user.id, email: user.email, name: user.name, role: user.role, via: "session" },
      { name: input.name, expiresInDays: input.expiresInDays },
    );
    return Response.json(result, { status: 201 });
  } catch (err) {
    if (err instanceof AppError) return errorResponse(err);
    console.error(err);
    return Response.json({ message: "Internal error", code: "internal" }, { status: 500 });
  }
}
