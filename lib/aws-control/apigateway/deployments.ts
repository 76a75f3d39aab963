import type { Operation } from "../operation";

export const deploymentsOperations: Operation[] = [];
