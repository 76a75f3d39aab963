import type { Operation } from "../operation";

export const testInvokeOperations: Operation[] = [];
