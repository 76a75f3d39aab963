import { randomUUID } from "node:crypto";
import http from "node:http";
import type { Db } from "../db";
import { AppError } from "../errors";
import { authorize } from "../services/permissions";
import { appErrorFromDatabase } from "../services/shared";
import { principalFromSignature } from "./auth";
import { AwsError, awsErrorBody, fromAppError, type AwsService } from "./errors";
import type { Operation, OperationResult } from "./operation";
import { OperationRouter } from "./router";

/** Largest request body: a 50 MB zip, base64-encoded in CreateFunction's JSON, and then some. */
const MAX_BODY_BYTES = 80 * 1024 * 1024;

export interface AwsControlOptions {
  db: Db;
  /** GATEHOUSE_SECRET_KEY: decrypts access key secrets. */
  secretKey: string;
  region: string;
  accountId: string;
  operations: Operation[];
  log?: (line: string) => void;
}

/** Lambda's API lives under dated prefixes; everything else is API Gateway's. */
const serviceOf = (path: string): AwsService => (/^\/20\d\d-\d\d-\d\d\//.test(path) ? "lambda" : "apigateway");

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: AwsError, service: AwsService, requestId: string) {
  sendJson(res, err.status, awsErrorBody(err, service), { "x-amzn-errortype": err.type, "x-amzn-requestid": requestId });
}

function send(res: http.ServerResponse, result: OperationResult, requestId: string) {
  const headers = { "x-amzn-requestid": requestId, ...result.headers };
  const status = result.status ?? 200;
  if (result.body === undefined) {
    res.writeHead(status, { "content-length": 0, ...headers });
    res.end();
  } else if (Buffer.isBuffer(result.body)) {
    res.writeHead(status, { "content-type": "application/octet-stream", "content-length": result.body.length, ...headers });
    res.end(result.body);
  } else sendJson(res, status, result.body, headers);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError(413, "RequestEntityTooLargeException", `Request must be smaller than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * The AWS-compatible control plane: one HTTP server answering API Gateway's
 * and Lambda's management APIs (REST-JSON) for the AWS CLI, SDKs and
 * infrastructure tools. Every request is SigV4-signed with a Gatehouse access
 * key; the operation runs with the key owner's role.
 */
export function createAwsControlServer(options: AwsControlOptions): http.Server {
  const router = new OperationRouter(options.operations);
  const log = options.log ?? ((line: string) => console.log(line));
  return http.createServer((req, res) => {
    void handle(req, res).catch((err) => {
      log(`aws control plane: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" }, {});
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = randomUUID();
    const target = req.url ?? "/";
    const at = target.indexOf("?");
    const rawPath = at < 0 ? target : target.slice(0, at);
    const rawQuery = at < 0 ? "" : target.slice(at + 1);
    const service = serviceOf(rawPath);
    const method = (req.method ?? "GET").toUpperCase();
    try {
      const rawBody = await readBody(req);
      const headerPairs: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headerPairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      const principal = await principalFromSignature(options.db, { method, rawPath, rawQuery, headers: headerPairs, body: rawBody }, options.secretKey, service);
      const query = new URLSearchParams(rawQuery);
      const matched = router.match(method, rawPath, query);
      if (!("operation" in matched)) {
        throw new AwsError(404, "UnknownOperationException", `Gatehouse does not support ${method} ${rawPath}: no ${service === "lambda" ? "Lambda" : "API Gateway"} operation has this method and path.`);
      }
      const { operation, params } = matched;
      authorize(principal, operation.permission);
      let body: unknown = {};
      if (!operation.rawBody && rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody.toString("utf8"));
        } catch {
          throw new AwsError(400, operation.service === "lambda" ? "InvalidRequestContentException" : "BadRequestException", "Could not parse request body into json: the body is not valid JSON.");
        }
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(",") : value;
      const result = await operation.handler({
        db: options.db,
        principal,
        params,
        query,
        headers,
        rawBody,
        body,
        settings: { region: options.region, accountId: options.accountId },
      });
      send(res, result, requestId);
    } catch (err) {
      const appError = err instanceof AppError ? err : appErrorFromDatabase(err, "Try again.");
      if (err instanceof AwsError) return sendError(res, err, service, requestId);
      if (appError) return sendError(res, fromAppError(appError, service), service, requestId);
      log(`aws control plane ${method} ${rawPath}: ${(err as Error).stack ?? String(err)}`);
      sendError(res, new AwsError(500, service === "lambda" ? "ServiceException" : "InternalFailure", "Internal server error"), service, requestId);
    }
  }
}
