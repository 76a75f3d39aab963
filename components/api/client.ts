/** The management API as the console calls it: JSON in and out, one error type. */

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answer of the management API (`{ message, code, problems? }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  get isConflict() {
    return this.status === 409;
  }
}

const BASE = "/api/v1";

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json ?? {}) as { message?: string; code?: string; problems?: FieldProblem[] };
    throw new ApiError(res.status, err.code ?? "error", err.message ?? `${res.status} ${res.statusText}`, err.problems ?? []);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>("GET", path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>("POST", path, body ?? {}),
  put: <T>(path: string, body?: unknown) => apiRequest<T>("PUT", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, body),
  delete: <T = unknown>(path: string) => apiRequest<T>("DELETE", path),
};

export const enc = encodeURIComponent;

/** Problems for one field: exact name, or nested under it (`field.x`, `field[0]`). */
export function problemsFor(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.problems
    .filter((p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`))
    .map((p) => p.message);
}

/** Problems none of the named fields claim: shown as a list at the top of a form. */
export function otherProblems(error: unknown, fields: readonly string[]): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.problems.filter(
    (p) => !fields.some((f) => p.field === f || p.field.startsWith(`${f}.`) || p.field.startsWith(`${f}[`)),
  );
}
