import type { AddressInfo } from "node:net";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { Db } from "../../lib/db";
import { createAwsControlServer } from "../../lib/aws-control/server";
import { AWS_OPERATIONS } from "../../lib/aws-control/operations";
import { ensureBootstrapAccessKey } from "../../lib/services/access-keys";

/**
 * The AWS-compatible control plane on a free port against a test database,
 * with the bootstrap admin key pair ensured as `npm start` does, and AWS SDK
 * clients pointed at it (real SigV4 signing, real HTTP).
 */
export interface TestAwsControl {
  endpoint: string;
  port: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  apigateway: APIGatewayClient;
  lambda: LambdaClient;
  close(): Promise<void>;
}

export const TEST_ACCESS_KEY_ID = "AKIATESTBOOTSTRAP0001";
export const TEST_SECRET_ACCESS_KEY = "test-bootstrap-secret-0123456789abcdefXYZ";

export async function startAwsControl(db: Db, secretKey: string, options: { region?: string; accountId?: string } = {}): Promise<TestAwsControl> {
  const previous = process.env.GATEHOUSE_SECRET_KEY;
  process.env.GATEHOUSE_SECRET_KEY ??= secretKey;
  await ensureBootstrapAccessKey(db, { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, secretKey);
  const server = createAwsControlServer({
    db,
    secretKey,
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "000000000000",
    operations: AWS_OPERATIONS,
    log: () => {},
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
  // Any region is accepted; the clients sign for a different one than the ARNs carry on purpose.
  const region = "eu-west-1";
  const apigateway = new APIGatewayClient({ endpoint, region, credentials, maxAttempts: 1 });
  const lambda = new LambdaClient({ endpoint, region, credentials, maxAttempts: 1 });
  return {
    endpoint,
    port,
    credentials,
    region,
    apigateway,
    lambda,
    async close() {
      apigateway.destroy();
      lambda.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (previous === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
      else process.env.GATEHOUSE_SECRET_KEY = previous;
    },
  };
}

/** An SDK error as thrown: its class (instanceof), message and HTTP status. */
export type SdkFailure = Error & { name: string; $metadata: { httpStatusCode?: number } };

/**
 * What a call that must fail threw, for `instanceof` checks on the SDK's
 * error classes; a call that succeeded instead yields an Error saying so
 * (so the assertions after it fail with a clear message).
 */
export function failureOf(promise: Promise<unknown>): Promise<SdkFailure> {
  return promise.then(
    () => Object.assign(new Error("expected the call to fail, but it succeeded"), { $metadata: {} }) as SdkFailure,
    (e: unknown) => e as SdkFailure,
  );
}
