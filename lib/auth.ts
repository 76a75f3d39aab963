import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { prisma, type Db } from "./db";
import { verifyPassword } from "./server/passwords";
import type { Principal } from "./services/permissions";
import { principalFromToken } from "./services/tokens";

export type Role = "admin" | "owner" | "tester" | "viewer";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().min(1), password: z.string().min(1) });

// bcrypt of a random string: compared against when the email is unknown, so
// an unknown email costs as much time as a wrong password.
const DUMMY_HASH = "$2b$12$4v8YrCBERHTww9QSqxGWMeA1IoMf8Rp.f6fIwy7Eq/GxwgrXiOqqC";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  secret: process.env.NEXTAUTH_SECRET ?? process.env.GATEHOUSE_SECRET_KEY,
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const user = await prisma().user.findUnique({ where: { email: parsed.data.email } });
        const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok || user.disabled) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.role = (user as { role?: Role }).role;
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        Object.assign(session.user, { id: token.uid, role: token.role });
      }
      return session;
    },
  },
};

/** The signed-in user, or null. Works in server components and route handlers. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id || !user.email || !user.role) return null;
  return { id: user.id, email: user.email, name: user.name ?? "", role: user.role };
}

function sessionSecret(): string | undefined {
  return process.env.NEXTAUTH_SECRET ?? process.env.GATEHOUSE_SECRET_KEY;
}

function cookiesOf(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/**
 * Who calls a management route: `Authorization: Bearer gh_…` (a personal
 * access token) or else the console's session cookie. The user is read from
 * the database on every call, so a disabled user or a changed role takes
 * effect at once. null: neither is valid (401).
 */
export async function principalFromRequest(db: Db, req: Request): Promise<Principal | null> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? principalFromToken(db, match[1]) : null;
  }
  const jwt = await getToken({
    req: { headers: req.headers, cookies: cookiesOf(req) } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: sessionSecret(),
  });
  const userId = typeof jwt?.uid === "string" ? jwt.uid : jwt?.sub;
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.disabled) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via: "session" };
}
