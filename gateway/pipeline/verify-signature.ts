import type { ArnContext } from "../../lib/arn";
import { verifySignedRequest } from "../../lib/aws/sigv4-verify";
import type { AccessKeyStore, ServedAccessKey } from "../access/access-key-store";
import { GatewayError } from "../errors";
import type { PipelineStage, RequestContext } from "./context";

/** IAM user names allow `\w+=,.@-`; anything else in a key's name becomes `-`. */
const iamName = (name: string) => name.replace(/[^\w+=,.@-]/g, "-") || "access-key";

/** `$context.identity.*` for a verified key: user and caller are the owning user's id, else the key's name. */
export function identityOf(key: ServedAccessKey, arn: ArnContext) {
  const who = key.userId ?? key.name;
  return { accessKey: key.id, user: who, caller: who, userArn: `arn:aws:iam::${arn.accountId}:user/${iamName(key.name)}` };
}

/** The method ARN AWS names in an access-denied message. */
function methodArn(ctx: RequestContext, arn: ArnContext): string {
  return `arn:aws:execute-api:${arn.region}:${arn.accountId}:${ctx.restApiId}/${ctx.stageName}/${ctx.request.httpMethod}${ctx.route?.resource.path ?? ctx.request.path}`;
}

/**
 * AWS_IAM methods: verifies the request's SigV4 signature (header or
 * presigned URL, lib/aws/sigv4-verify.ts) with a Gatehouse access key.
 * No signature → 403 Missing Authentication Token; a malformed, wrong,
 * expired or unknown one → 403 with AWS's message (INVALID_SIGNATURE); a
 * disabled key or one not allowed for this API → 403 ACCESS_DENIED. Logs
 * carry the key id only.
 */
export function verifySignatureStage(keys: AccessKeyStore, arn: ArnContext, now: () => Date = () => new Date()): PipelineStage {
  return (ctx) => {
    if (ctx.route?.method.authorizationType !== "AWS_IAM") return;
    const target = ctx.raw.url ?? "/";
    const queryAt = target.indexOf("?");
    const result = verifySignedRequest(
      {
        method: ctx.request.httpMethod,
        rawPath: queryAt < 0 ? target : target.slice(0, queryAt),
        rawQuery: queryAt < 0 ? "" : target.slice(queryAt + 1),
        headers: ctx.request.headerPairs,
        body: ctx.request.body,
      },
      (id) => {
        const key = keys.get(id);
        return key && key.enabled ? key.secret : undefined;
      },
      now(),
    );
    if (!result.ok) {
      const failure = result.failure;
      const keyNote = result.accessKeyId ? ` (access key ${result.accessKeyId})` : "";
      if (failure.kind === "missing") throw new GatewayError("MISSING_AUTHENTICATION_TOKEN", { logMessage: "AWS_IAM method called without a signature" });
      const reason = failure.message.split("\n")[0];
      throw new GatewayError("INVALID_SIGNATURE", { message: failure.message, logMessage: `Signature verification failed${keyNote}: ${reason}` });
    }
    const key = keys.get(result.accessKeyId)!;
    if (key.restApiIds.length > 0 && !key.restApiIds.includes(ctx.restApiId ?? "")) {
      const identity = identityOf(key, arn);
      throw new GatewayError("ACCESS_DENIED", {
        message: `User: ${identity.userArn} is not authorized to perform: execute-api:Invoke on resource: ${methodArn(ctx, arn)}`,
        logMessage: `Access key ${key.id} is not allowed for API ${ctx.restApiId}`,
      });
    }
    ctx.identity = { ...ctx.identity, ...identityOf(key, arn) };
  };
}
