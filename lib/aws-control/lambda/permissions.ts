import type { TFunctionPermission } from "../../schemas/functions";
import { addFunctionPermission, listFunctionPermissions, removeFunctionPermission } from "../../services/function-permissions";
import { invalidParameterValue, resourceNotFound } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { asBody, expectRevision, optionalString, requiredString } from "./input";
import { loadFunction, loadSource } from "./load";
import { arnOf, functionRef, orFunctionNotFound, versionNumber, type FunctionRef } from "./names";
import { revisionId } from "./shapes";

/**
 * AddPermission, RemovePermission and GetPolicy: a function's resource-based
 * policy, recorded (FunctionPermission) and shown on the console's function
 * page. The gateway does not enforce it: only Gatehouse access keys invoke.
 */

const STATEMENT_ID = /^[a-zA-Z0-9_.-]{1,100}$/;

/** The stored qualifier: "" for the unqualified function ($LATEST counts as unqualified), else a version number. */
function storedQualifier(ctx: OperationContext, ref: FunctionRef): string {
  if (!ref.qualifier || ref.qualifier === "$LATEST") return "";
  return String(versionNumber(ctx, ref));
}

/** The principal as a policy writes it: a service, an account (as its root), an ARN, or everyone. */
function principalOf(principal: string): unknown {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}

/** One statement in IAM policy form, as GetPolicy and AddPermission answer it. */
export function policyStatement(ctx: OperationContext, name: string, p: TFunctionPermission): Record<string, unknown> {
  const condition: Record<string, Record<string, string>> = {};
  if (p.sourceAccount) condition.StringEquals = { "AWS:SourceAccount": p.sourceAccount };
  if (p.sourceArn) condition.ArnLike = { "AWS:SourceArn": p.sourceArn };
  return {
    Sid: p.statementId,
    Effect: "Allow",
    Principal: principalOf(p.principal),
    Action: p.action,
    Resource: arnOf(ctx, name, p.qualifier || undefined),
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** The policy's RevisionId: changes with every statement added or removed. */
const policyRevision = (name: string, qualifier: string, statements: TFunctionPermission[]) =>
  revisionId(`policy:${name}:${qualifier}:${statements.map((s) => `${s.statementId}@${s.createdDate}`).join(",")}`);

export const permissionsOperations: Operation[] = [
  {
    name: "AddPermission",
    service: "lambda",
    method: "POST",
    path: "/2015-03-31/functions/{FunctionName}/policy",
    permission: "edit",
    async handler(ctx) {
      const body = asBody(ctx.body);
      const ref = functionRef(ctx);
      await loadSource(ctx, ref);
      const qualifier = storedQualifier(ctx, ref);
      const statementId = requiredString(body, "StatementId");
      if (!STATEMENT_ID.test(statementId)) throw invalidParameterValue(`StatementId ${statementId} must be 1–100 letters, digits, -, _ or .`);
      const action = requiredString(body, "Action");
      if (!/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) throw invalidParameterValue(`Action ${action} is not a Lambda action (e.g. lambda:InvokeFunction).`);
      const revision = optionalString(body, "RevisionId");
      if (revision !== undefined) expectRevision(revision, policyRevision(ref.name, qualifier, await listFunctionPermissions(ctx.db, ref.name, qualifier)));
      const added = await orFunctionNotFound(ctx, ref, () =>
        addFunctionPermission(
          ctx.db,
          ref.name,
          {
            statementId,
            action,
            principal: requiredString(body, "Principal"),
            sourceArn: optionalString(body, "SourceArn"),
            sourceAccount: optionalString(body, "SourceAccount"),
            qualifier,
          },
          ctx.principal.email ?? ctx.principal.name,
        ),
      );
      return { status: 201, body: { Statement: JSON.stringify(policyStatement(ctx, ref.name, added)) } };
    },
  },
  {
    name: "RemovePermission",
    service: "lambda",
    method: "DELETE",
    path: "/2015-03-31/functions/{FunctionName}/policy/{StatementId}",
    permission: "edit",
    async handler(ctx) {
      const ref = functionRef(ctx);
      await loadFunction(ctx, ref);
      // Statement-not-found passes through with its own message (the function exists).
      await removeFunctionPermission(ctx.db, ref.name, ctx.params.StatementId, storedQualifier(ctx, ref));
      return { status: 204 };
    },
  },
  {
    name: "GetPolicy",
    service: "lambda",
    method: "GET",
    path: "/2015-03-31/functions/{FunctionName}/policy",
    permission: "read",
    async handler(ctx) {
      const ref = functionRef(ctx);
      await loadSource(ctx, ref);
      const qualifier = storedQualifier(ctx, ref);
      const statements = await listFunctionPermissions(ctx.db, ref.name, qualifier);
      if (statements.length === 0) throw resourceNotFound("The resource you requested does not exist.");
      const policy = { Version: "2012-10-17", Id: "default", Statement: statements.map((s) => policyStatement(ctx, ref.name, s)) };
      return { body: { Policy: JSON.stringify(policy), RevisionId: policyRevision(ref.name, qualifier, statements) } };
    },
  },
];
