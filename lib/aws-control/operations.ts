import type { Operation } from "./operation";
import { restApiOperations } from "./apigateway/restapis";

/** Every operation the control plane answers; docs/AWS-COMPATIBILITY.md lists them. */
export const AWS_OPERATIONS: Operation[] = [...restApiOperations];
