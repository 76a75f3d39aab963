import type { Operation } from "../operation";

export const usagePlansOperations: Operation[] = [];
