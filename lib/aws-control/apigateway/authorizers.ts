import type { Operation } from "../operation";

export const authorizersOperations: Operation[] = [];
