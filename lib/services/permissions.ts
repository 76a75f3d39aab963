import { AppError } from "../errors";

export type Role = "admin" | "owner" | "tester" | "viewer";

/** Who is calling the management API: a console session or a personal access token. */
export interface Principal {
  /** null for the bootstrap token, which belongs to no user. */
  userId: string | null;
  email: string | null;
  name: string;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
  tokenName?: string;
}

/**
 * What a route needs:
 * - read: APIs, stages, functions, metrics, logs
 * - edit: create, edit, deploy, delete APIs, functions, keys, plans
 * - test: run tests, manage test collections
 * - admin: users, roles, account settings
 * - self: one's own profile and tokens (any signed-in user)
 */
export type Permission = "read" | "edit" | "test" | "admin" | "self";

export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  read: ["admin", "owner", "tester", "viewer"],
  edit: ["admin", "owner"],
  test: ["admin", "owner", "tester"],
  admin: ["admin"],
  self: ["admin", "owner", "tester", "viewer"],
};

const DESCRIPTIONS: Record<Permission, string> = {
  read: "read this",
  edit: "create, change, deploy or delete APIs",
  test: "run tests",
  admin: "manage users, roles and account settings",
  self: "do this",
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(role);
}

/** Throws 403 `forbidden` unless the principal's role allows `permission`. */
export function authorize(principal: Principal, permission: Permission): void {
  if (!can(principal.role, permission)) {
    throw new AppError("forbidden", `Your role (${principal.role}) cannot ${DESCRIPTIONS[permission]}.`);
  }
}

/** What deployments and history record as their author. */
export function actorName(principal: Principal): string {
  return principal.email ?? principal.tokenName ?? principal.name ?? "unknown";
}

const RANK: Record<Role, number> = { viewer: 0, tester: 1, owner: 2, admin: 3 };

/** The less powerful of two roles: a token never grants more than its user currently has. */
export function lesserRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
