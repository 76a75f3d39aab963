import type { Operation } from "./operation";
import { restApiOperations } from "./apigateway/restapis";
import { resourcesOperations } from "./apigateway/resources";
import { methodsOperations } from "./apigateway/methods";
import { integrationsOperations } from "./apigateway/integrations";
import { exportOperations } from "./apigateway/export";
import { deploymentsOperations } from "./apigateway/deployments";
import { stagesOperations } from "./apigateway/stages";
import { testInvokeOperations } from "./apigateway/test-invoke";
import { modelsOperations } from "./apigateway/models";
import { gatewayResponsesOperations } from "./apigateway/gateway-responses";
import { apiKeysOperations } from "./apigateway/api-keys";
import { usagePlansOperations } from "./apigateway/usage-plans";
import { authorizersOperations } from "./apigateway/authorizers";
import { functionsOperations } from "./lambda/functions";
import { invokeOperations } from "./lambda/invoke";
import { permissionsOperations } from "./lambda/permissions";

/** Every operation the control plane answers; docs/AWS-COMPATIBILITY.md lists them. */
export const AWS_OPERATIONS: Operation[] = [
  ...restApiOperations,
  ...resourcesOperations,
  ...methodsOperations,
  ...integrationsOperations,
  ...exportOperations,
  ...deploymentsOperations,
  ...stagesOperations,
  ...testInvokeOperations,
  ...modelsOperations,
  ...gatewayResponsesOperations,
  ...apiKeysOperations,
  ...usagePlansOperations,
  ...authorizersOperations,
  ...functionsOperations,
  ...invokeOperations,
  ...permissionsOperations,
];
