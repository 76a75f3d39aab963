import type { Operation } from "../operation";

export const stagesOperations: Operation[] = [];
