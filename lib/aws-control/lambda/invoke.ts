import type { Operation } from "../operation";

export const invokeOperations: Operation[] = [];
