import type { Operation } from "../operation";

export const exportOperations: Operation[] = [];
