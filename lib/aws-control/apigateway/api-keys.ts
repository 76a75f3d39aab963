import type { Operation } from "../operation";

export const apiKeysOperations: Operation[] = [];
