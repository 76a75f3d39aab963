/** Query keys: each holds its parameters, nested so one API's keys invalidate together. */
export const keys = {
  me: () => ["me"] as const,
  restApis: () => ["restapis"] as const,
  restApi: (apiId: string) => ["restapis", apiId] as const,
  resources: (apiId: string) => ["restapis", apiId, "resources"] as const,
  stages: (apiId: string) => ["restapis", apiId, "stages"] as const,
  stage: (apiId: string, stageName: string) => ["restapis", apiId, "stages", stageName] as const,
  stageDeployments: (apiId: string, stageName: string) => ["restapis", apiId, "stages", stageName, "deployments"] as const,
  deployments: (apiId: string) => ["restapis", apiId, "deployments"] as const,
  deployment: (apiId: string, deploymentId: string) => ["restapis", apiId, "deployments", deploymentId] as const,
  models: (apiId: string) => ["restapis", apiId, "models"] as const,
  requestValidators: (apiId: string) => ["restapis", apiId, "requestvalidators"] as const,
  gatewayResponses: (apiId: string) => ["restapis", apiId, "gatewayresponses"] as const,
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
};
