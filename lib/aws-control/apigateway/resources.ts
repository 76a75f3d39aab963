import type { Operation } from "../operation";

export const resourcesOperations: Operation[] = [];
