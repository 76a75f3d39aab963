import { NextResponse } from "next/server";
import { AppError } from "../errors";
import { currentUser, type SessionUser } from "../auth";

type Handler<P> = (req: Request, user: SessionUser, params: P) => Promise<Response>;

/**
 * Wraps a management route: answers 401 JSON without a session, and turns
 * thrown AppErrors into `{ message, code, problems }` with their status.
 */
export function withSession<P>(handler: Handler<P>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const user = await currentUser();
    if (!user) return NextResponse.json({ message: "Sign in required", code: "unauthorized" }, { status: 401 });
    try {
      return await handler(req, user, await context.params);
    } catch (err) {
      if (err instanceof AppError) {
        return NextResponse.json({ message: err.message, code: err.code, problems: err.problems }, { status: err.status });
      }
      console.error(err);
      return NextResponse.json({ message: "Internal error", code: "internal" }, { status: 500 });
    }
  };
}
