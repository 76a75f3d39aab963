/** Starting code and test events the console offers (client and server safe: plain data). */

export const HELLO_TYPESCRIPT = `export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  console.log("request", event.httpMethod, event.path);
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "Hello from " + context.functionName }),
  };
};
`;

export const HELLO_JAVASCRIPT = `export const handler = async (event, context) => {
  console.log("request", event.httpMethod, event.path);
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "Hello from " + context.functionName }),
  };
};
`;

export function starterFiles(language: "javascript" | "typescript"): Record<string, string> {
  return language === "typescript" ? { "index.ts": HELLO_TYPESCRIPT } : { "index.js": HELLO_JAVASCRIPT };
}

const now = 1767225600000;

export const EVENT_TEMPLATES: Array<{ id: string; label: string; event: unknown }> = [
  {
    id: "rest-v1",
    label: "API Gateway REST proxy (v1.0)",
    event: {
      resource: "/items/{id}",
      path: "/items/42",
      httpMethod: "GET",
      headers: { accept: "application/json", host: "example.execute-api.localhost" },
      multiValueHeaders: { accept: ["application/json"], host: ["example.execute-api.localhost"] },
      queryStringParameters: { q: "test" },
      multiValueQueryStringParameters: { q: ["test"] },
      pathParameters: { id: "42" },
      stageVariables: null,
      requestContext: {
        accountId: "000000000000",
        apiId: "example",
        resourceId: "abc123",
        resourcePath: "/items/{id}",
        httpMethod: "GET",
        path: "/test/items/42",
        stage: "test",
        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        requestTimeEpoch: now,
        protocol: "HTTP/1.1",
        identity: { sourceIp: "127.0.0.1", userAgent: "curl/8.0" },
      },
      body: null,
      isBase64Encoded: false,
    },
  },
  {
    id: "http-v2",
    label: "HTTP API (v2.0)",
    event: {
      version: "2.0",
      routeKey: "GET /items/{id}",
      rawPath: "/items/42",
      rawQueryString: "q=test",
      headers: { accept: "application/json", host: "example.execute-api.localhost" },
      queryStringParameters: { q: "test" },
      pathParameters: { id: "42" },
      requestContext: {
        accountId: "000000000000",
        apiId: "example",
        domainName: "example.execute-api.localhost",
        http: { method: "GET", path: "/items/42", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "curl/8.0" },
        requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        routeKey: "GET /items/{id}",
        stage: "$default",
        time: "01/Jan/2026:00:00:00 +0000",
        timeEpoch: now,
      },
      isBase64Encoded: false,
    },
  },
  {
    id: "token-authorizer",
    label: "TOKEN authorizer",
    event: {
      type: "TOKEN",
      authorizationToken: "Bearer allow",
      methodArn: "arn:aws:execute-api:us-east-1:000000000000:example/test/GET/items/42",
    },
  },
  { id: "custom", label: "Custom JSON", event: { key: "value" } },
];
