import type { Operation } from "../operation";

export const gatewayResponsesOperations: Operation[] = [];
