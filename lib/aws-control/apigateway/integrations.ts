import type { Operation } from "../operation";

export const integrationsOperations: Operation[] = [];
