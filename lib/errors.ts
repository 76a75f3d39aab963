/** Errors services throw; one formatter at the API edge turns them into responses. */
export const APP_ERROR_STATUS = {
  "bad-request": 400,
  "validation-failed": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "deploy-invalid": 400,
  internal: 500,
  /** The console could not reach the gateway (e.g. a function test invoke). */
  "bad-gateway": 502,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "AppError";
    this.status = APP_ERROR_STATUS[code];
  }
}
