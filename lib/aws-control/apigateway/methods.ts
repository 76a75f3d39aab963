import type { Operation } from "../operation";

export const methodsOperations: Operation[] = [];
