import type { IncomingMessage } from "node:http";
import type { RouteMatch } from "../routing/route-table";
import type { ServedStage } from "../snapshot-store";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";

/**
 * One request's journey through the pipeline. Each stage fills its own slot;
 * later stages read what earlier ones wrote.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly receivedAt: number;
  readonly raw: IncomingMessage;
  /** Request as received: method, raw path and query after the stage, headers, body. */
  request: {
    httpMethod: string;
    path: string;
    rawQuery: string;
    headerPairs: Array<[string, string]>;
    body: Buffer | null;
    domainName: string;
    sourceIp: string;
  };
  /** Filled by the route stage. */
  restApiId?: string;
  stageName?: string;
  stage?: ServedStage;
  route?: RouteMatch;
  /** Filled by the integrate stage. */
  response?: HttpResult;
  /** Why the request failed, for the log. */
  errorLog?: string;
}

export type PipelineStage = (ctx: RequestContext) => Promise<void> | void;
