import type { Operation } from "../operation";

export const modelsOperations: Operation[] = [];
