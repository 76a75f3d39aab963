import type { Db } from "../db";
import { decryptSecret } from "../secrets";
import { readSignatureClaim, verifySignedRequest, type IncomingSignedRequest } from "../aws/sigv4-verify";
import type { Principal } from "../services/permissions";
import { AwsError } from "./errors";

/**
 * Who signed a control-plane request: SigV4 with a Gatehouse access key (the
 * same key pairs as for AWS_IAM methods). A key of a user carries that user's
 * role; the bootstrap key (GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID) is an admin; an
 * application key (no user) may call APIs but not manage them. Any region in the
 * credential scope is accepted; the service must be the one the path belongs to.
 */
export async function principalFromSignature(
  db: Db,
  req: IncomingSignedRequest,
  secretKey: string,
  service: "apigateway" | "lambda",
  now = new Date(),
): Promise<Principal> {
  const claim = readSignatureClaim(req);
  if (claim === null) throw new AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  if ("kind" in claim) throw new AwsError(403, "IncompleteSignatureException", claim.kind === "missing" ? "Missing Authentication Token" : claim.message);
  const row = await db.accessKey.findUnique({ where: { id: claim.accessKeyId }, include: { user: true } });
  let secret: string | undefined;
  if (row && row.enabled && !(row.user && row.user.disabled)) {
    try {
      secret = decryptSecret(row.secretEncrypted, secretKey);
    } catch {
      secret = undefined;
    }
  }
  const result = verifySignedRequest(req, (id) => (id === claim.accessKeyId ? secret : undefined), now, [service]);
  if (!result.ok) {
    const failure = result.failure;
    if (failure.kind === "missing") throw new AwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    if (failure.kind === "unknown-key" || failure.kind === "token") throw new AwsError(403, "UnrecognizedClientException", failure.message);
    if (failure.kind === "incomplete") throw new AwsError(403, "IncompleteSignatureException", failure.message);
    throw new AwsError(403, "InvalidSignatureException", failure.message);
  }
  if (!row) throw new AwsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  if (row.bootstrap) return { userId: null, email: null, name: row.name, role: "admin", via: "token", tokenId: row.id, tokenName: row.name };
  if (!row.user) {
    throw new AwsError(
      403,
      "AccessDeniedException",
      `Access key ${row.id} belongs to no user: it may sign requests to APIs but not manage Gatehouse. Use a key issued to a user.`,
    );
  }
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role, via: "token", tokenId: row.id, tokenName: row.name };
}
