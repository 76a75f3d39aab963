import type { Db } from "../db";
import type { Permission, Principal } from "../services/permissions";
import type { AwsService } from "./errors";

/**
 * One control-plane operation: AWS's HTTP binding (method + path template with
 * `{name}` segments; `{name+}` matches the rest of the path) and the handler.
 * Handlers call lib/services (the console's own code): a change is one
 * transaction there and reaches the gateway as a console edit does.
 */
export interface OperationContext {
  db: Db;
  principal: Principal;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** The raw body (empty buffer when none). */
  rawBody: Buffer;
  /** The body parsed as JSON; `{}` when empty. Throws BadRequestException (not here: in the server) when not JSON. */
  body: unknown;
  settings: { region: string; accountId: string };
}

export interface OperationResult {
  status?: number;
  /** JSON-serialised unless a Buffer (sent as is). Omit for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Operation {
  /** AWS's operation name, e.g. `GetRestApis`, `CreateFunction`. */
  name: string;
  service: AwsService;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /** AWS's path template, e.g. `/restapis/{restapi_id}/resources/{resource_id}`. */
  path: string;
  /** Query values the request must carry to be this operation (ImportRestApi: `{ mode: "import" }`). */
  query?: Record<string, string>;
  permission: Permission;
  /** True when the body is binary or otherwise not JSON (e.g. ImportRestApi, PutRestApi). */
  rawBody?: boolean;
  handler(ctx: OperationContext): Promise<OperationResult>;
}
