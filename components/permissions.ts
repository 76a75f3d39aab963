import type { Role } from "@/lib/auth";

/** What a role may do in the console (shared by server and client components); the server checks again on every call. */
export function permissionsOf(role: Role | undefined) {
  return {
    /** Create, edit, deploy and delete APIs, stages and deployments. */
    canEdit: role === "admin" || role === "owner",
    /** Run test invocations. */
    canTest: role === "admin" || role === "owner" || role === "tester",
    canManageUsers: role === "admin",
  };
}
