import type { Operation } from "../operation";

export const permissionsOperations: Operation[] = [];
