import type { IncomingMessage } from "node:http";
import type { RouteMatch } from "../routing/route-table";
import type { ServedDeployment, ServedStage } from "../snapshot-store";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { RequestIdentity } from "../../lib/lambda/proxy-event-v1";
import type { ExecutionTrace } from "../logging/trace";

/** What an authorizer established about the caller. */
export interface AuthorizerResult {
  principalId?: string;
  /** A function authorizer's `context` (string, number and boolean values). */
  context?: Record<string, string | number | boolean>;
  /** A JWT authorizer's verified claims. */
  claims?: Record<string, unknown>;
  /** A function authorizer's usageIdentifierKey: the API key when the API's key source is AUTHORIZER. */
  usageIdentifierKey?: string;
}

/** The deployment serving one request: the stage's own or its canary, with the variables that apply. */
export interface SelectedDeployment extends ServedDeployment {
  variables: Record<string, string>;
  isCanary: boolean;
}

/**
 * One request's journey through the pipeline. Each stage fills its own slot;
 * later stages read what earlier ones wrote.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly receivedAt: number;
  readonly accountId: string;
  readonly raw: IncomingMessage;
  /** Request as received: method, raw path and query after the stage, headers, body. */
  request: {
    httpMethod: string;
    /**
     * The path below the stage, not percent-decoded; slashes right after the stage
     * collapsed, a trailing slash and inner `//` kept (AWS's event `path`).
     */
    path: string;
    /** `/{stage}` plus the path exactly as sent (AWS's `requestContext.path`); set by the route stage. */
    stagePath?: string;
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
  /** Filled by the select-deployment stage: which deployment serves this request (base or canary). */
  deployment?: SelectedDeployment;
  /** Filled by the match-resource stage. */
  route?: RouteMatch;
  /**
   * Filled by the authorize stage: what the method's authorizer established
   * (`$context.authorizer.*`, the event's `requestContext.authorizer`).
   */
  authorizer?: AuthorizerResult;
  /** Filled by the authorize stage (SigV4 caller) and the API key stage (key used). */
  identity?: RequestIdentity;
  /** Filled by the integrate stage. */
  response?: HttpResult;
  /** Why the request failed, for the log. */
  errorLog?: string;
  /** The error the request ended with (set by server.ts; `$context.error.*` in the access log). */
  failure?: unknown;
  /** Execution log of this request; undefined when its method logs nothing (gateway/logging/). */
  trace?: ExecutionTrace;
  /** Set by the integrations for the access log: `$context.integration.{latency,status,error}`. */
  integration?: { latencyMs?: number; status?: number; error?: string };
  /** Set by the authorizer for the access log: `$context.authorizer.{latency,status,error}`. */
  authorizerRun?: { latencyMs: number; status: number; error?: string };
}

export type PipelineStage = (ctx: RequestContext) => Promise<void> | void;
