"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TAuthorizer, TAuthorizerTestResult } from "@/lib/schemas/authorizers";
import { ApiError, api, enc, otherProblems, problemsFor } from "../api/client";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { KeyValueRows, recordFromRows, type Row } from "../ui/key-value-rows";
import { ExecutionLogTable } from "../tester/response-viewer";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { authorizersKey, useAuthorizers } from "./use-authorizers";

const FIELDS = ["name", "type", "authorizerUri", "identitySource", "identityValidationExpression", "authorizerResultTtlInSeconds", "issuer", "audiences", "jwksUri", "jwtSecret"];
type AuthorizerType = TAuthorizer["type"];

/** The API's authorizers: list, create/edit per type, delete (refused while used), "Test authorizer". */
export function AuthorizersTab({ apiId }: { apiId: string }) {
  const { canEdit } = usePermissions();
  const queryClient = useQueryClient();
  const { data, error, isPending } = useAuthorizers(apiId);
  const [editing, setEditing] = useState<TAuthorizer | "new" | null>(null);
  const [testing, setTesting] = useState<TAuthorizer | null>(null);
  const [deleting, setDeleting] = useState<TAuthorizer | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: authorizersKey(apiId) });
  const remove = useMutation({
    mutationFn: async (a: TAuthorizer) => {
      try {
        await api.delete(`/restapis/${enc(apiId)}/authorizers/${enc(a.id)}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) throw new Error(err.message);
        throw err;
      }
    },
    onSuccess: () => refresh(),
  });

  return (
    <section className="card" aria-label="Authorizers">
      <div className="panel-header">
        <h2>Authorizers</h2>
        {canEdit && (
          <button type="button" className="button" onClick={() => setEditing("new")}>
            Create authorizer
          </button>
        )}
      </div>
      <p className="muted small">
        JWT authorizers verify tokens from an OIDC issuer (JWKS URL) or signed with a shared HS256 secret; function authorizers (TOKEN, REQUEST) call a
        function that returns an IAM policy. Use them in a method&apos;s Method Request. Changes apply at the next deploy.
      </p>
      {error && <ErrorNotice error={error} />}
      {isPending ? (
        <p className="muted">Loading…</p>
      ) : (data ?? []).length === 0 ? (
        <p className="muted">No authorizers yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Source</th>
              <th>Details</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name} <span className="muted small">{a.id}</span>
                </td>
                <td>{a.type}</td>
                <td>
                  <code>{a.identitySource}</code>
                </td>
                <td className="small">
                  {a.type === "JWT" ? (
                    <>
                      {a.issuer} · {a.jwksUri ? `JWKS ${a.jwksUri}` : `HS256 secret ${a.jwtSecret ?? ""}`}
                    </>
                  ) : (
                    <>
                      <code>{a.authorizerUri.replace(/^.*:function:([^/]+)\/invocations$/, "$1")}</code> · TTL {a.authorizerResultTtlInSeconds} s
                    </>
                  )}
                </td>
                <td className="actions">
                  <button type="button" className="button button-small" onClick={() => setTesting(a)}>
                    Test
                  </button>
                  {canEdit && (
                    <>
                      <button type="button" className="button button-small" onClick={() => setEditing(a)}>
                        Edit
                      </button>
                      <button type="button" className="button button-small button-danger" onClick={() => setDeleting(a)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <AuthorizerForm
          apiId={apiId}
          authorizer={editing === "new" ? null : editing}
          onDone={async () => {
            setEditing(null);
            await refresh();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {testing && <TestAuthorizerPanel key={testing.id} apiId={apiId} authorizer={testing} onClose={() => setTesting(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete authorizer ${deleting.name}?`}
          confirmLabel="Delete"
          onConfirm={() => remove.mutateAsync(deleting)}
          onClose={() => setDeleting(null)}
        >
          Methods using it must be changed first.
        </ConfirmDialog>
      )}
    </section>
  );
}

function AuthorizerForm({ apiId, authorizer, onDone, onCancel }: { apiId: string; authorizer: TAuthorizer | null; onDone: () => void; onCancel: () => void }) {
  const [type, setType] = useState<AuthorizerType>(authorizer?.type ?? "JWT");
  const [name, setName] = useState(authorizer?.name ?? "");
  const [authorizerUri, setUri] = useState(authorizer?.authorizerUri ?? "");
  const [identitySource, setSource] = useState(authorizer?.identitySource ?? "method.request.header.Authorization");
  const [expression, setExpression] = useState(authorizer?.identityValidationExpression ?? "");
  const [ttl, setTtl] = useState(String(authorizer?.authorizerResultTtlInSeconds ?? 300));
  const [issuer, setIssuer] = useState(authorizer?.issuer ?? "");
  const [audiences, setAudiences] = useState((authorizer?.audiences ?? []).join(", "));
  const [keyMode, setKeyMode] = useState<"jwks" | "secret">(authorizer?.jwtSecret ? "secret" : "jwks");
  const [jwksUri, setJwksUri] = useState(authorizer?.jwksUri ?? "");
  const [secret, setSecret] = useState("");
  const base = `/restapis/${enc(apiId)}/authorizers`;
  const save = useMutation({
    mutationFn: async () => {
      const common = {
        name,
        identitySource,
        ...(type === "JWT"
          ? {
              issuer,
              audiences: audiences.split(/[\s,]+/).filter(Boolean),
              ...(keyMode === "jwks" ? { jwksUri } : secret ? { jwtSecret: secret } : authorizer ? {} : { jwtSecret: "" }),
            }
          : {
              authorizerUri,
              authorizerResultTtlInSeconds: Number(ttl),
              ...(type === "TOKEN" ? { identityValidationExpression: expression || null } : {}),
            }),
      };
      if (authorizer) return api.patch<TAuthorizer>(`${base}/${enc(authorizer.id)}`, { version: authorizer.version, ...common });
      return api.post<TAuthorizer>(base, { type, ...common });
    },
    onSuccess: onDone,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const p = (field: string) => problemsFor(save.error, field);
  return (
    <form className="form card" aria-label={authorizer ? `Edit authorizer ${authorizer.name}` : "New authorizer"} onSubmit={submit}>
      <h3>{authorizer ? `Edit ${authorizer.name}` : "New authorizer"}</h3>
      <Field label="Name" errors={p("name")}>
        <input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label="Type" errors={p("type")}>
        <select aria-label="Type" value={type} disabled={Boolean(authorizer)} onChange={(e) => setType(e.target.value as AuthorizerType)}>
          <option value="JWT">JWT (OIDC issuer or HS256 secret)</option>
          <option value="TOKEN">Function, TOKEN (one header)</option>
          <option value="REQUEST">Function, REQUEST (headers, query, stage variables)</option>
        </select>
      </Field>
      <Field
        label={type === "REQUEST" ? "Identity sources" : "Token source"}
        hint={type === "REQUEST" ? "Comma-separated: method.request.header.X, method.request.querystring.y, stageVariables.z" : "method.request.header.Authorization (a Bearer prefix is accepted for JWT)"}
        errors={p("identitySource")}
      >
        <input aria-label="Identity source" value={identitySource} onChange={(e) => setSource(e.target.value)} />
      </Field>
      {type === "JWT" ? (
        <>
          <Field label="Issuer" hint="Exactly the tokens' iss claim" errors={p("issuer")}>
            <input aria-label="Issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://issuer.example.com/" />
          </Field>
          <Field label="Audiences" hint="Comma-separated; aud (or client_id) must be one of them. Empty: not checked." errors={p("audiences")}>
            <input aria-label="Audiences" value={audiences} onChange={(e) => setAudiences(e.target.value)} />
          </Field>
          <Field label="Signing keys" errors={[]}>
            <select aria-label="Signing keys" value={keyMode} onChange={(e) => setKeyMode(e.target.value as "jwks" | "secret")}>
              <option value="jwks">JWKS URL (RS256/384/512, PS256, ES256/384)</option>
              <option value="secret">HS256 shared secret</option>
            </select>
          </Field>
          {keyMode === "jwks" ? (
            <Field label="JWKS URL" errors={p("jwksUri")}>
              <input aria-label="JWKS URL" value={jwksUri} onChange={(e) => setJwksUri(e.target.value)} placeholder="https://issuer.example.com/.well-known/jwks.json" />
            </Field>
          ) : (
            <Field label="Shared secret" hint={authorizer?.jwtSecret ? `Stored (${authorizer.jwtSecret}); leave empty to keep it` : "At least 16 characters; stored encrypted, never shown again"} errors={[...p("jwtSecret"), ...p("jwksUri")]}>
              <input aria-label="Shared secret" type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
            </Field>
          )}
        </>
      ) : (
        <>
          <Field label="Function invocation ARN" errors={p("authorizerUri")} hint="arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:{name}/invocations">
            <input aria-label="Function invocation ARN" value={authorizerUri} onChange={(e) => setUri(e.target.value)} />
          </Field>
          {type === "TOKEN" && (
            <Field label="Token validation (regex)" hint="The whole token must match, else 401 without calling the function" errors={p("identityValidationExpression")}>
              <input aria-label="Token validation" value={expression} onChange={(e) => setExpression(e.target.value)} />
            </Field>
          )}
          <Field label="Result cache TTL (seconds)" hint="0–3600; 0 turns caching off" errors={p("authorizerResultTtlInSeconds")}>
            <input aria-label="TTL" type="number" min={0} max={3600} value={ttl} onChange={(e) => setTtl(e.target.value)} />
          </Field>
        </>
      )}
      <ErrorNotice error={save.error} problems={otherProblems(save.error, FIELDS)} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {authorizer ? "Save authorizer" : "Create authorizer"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TestAuthorizerPanel({ apiId, authorizer, onClose }: { apiId: string; authorizer: TAuthorizer; onClose: () => void }) {
  const sources = authorizer.identitySource.split(",").map((s) => s.trim());
  const headerName = /^method\.request\.header\.(.+)$/.exec(sources[0] ?? "")?.[1] ?? "Authorization";
  const [token, setToken] = useState("");
  const [headers, setHeaders] = useState<Row[]>([]);
  const [query, setQuery] = useState("");
  const [stageVariables, setStageVariables] = useState<Row[]>([]);
  const [path, setPath] = useState("/");
  const run = useMutation({
    mutationFn: () =>
      api.post<TAuthorizerTestResult>(`/restapis/${enc(apiId)}/authorizers/${enc(authorizer.id)}/test`, {
        headers: { ...recordFromRows(headers), ...(token ? { [headerName]: token } : {}) },
        queryString: query,
        stageVariables: recordFromRows(stageVariables),
        path: path || "/",
      }),
  });
  const result = run.data;
  return (
    <section className="card" aria-label="Test authorizer">
      <div className="panel-header">
        <h3>Test authorizer {authorizer.name}</h3>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <form
        className="form form-compact"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
      >
        {authorizer.type !== "REQUEST" && (
          <Field label={`Token (${headerName} header)`}>
            <input aria-label="Token" value={token} onChange={(e) => setToken(e.target.value)} placeholder={authorizer.type === "JWT" ? "Bearer eyJ…" : ""} />
          </Field>
        )}
        {authorizer.type === "REQUEST" && (
          <>
            <KeyValueRows label="Headers" rows={headers} onChange={setHeaders} />
            <Field label="Query string" hint="a=1&b=2">
              <input aria-label="Query string" value={query} onChange={(e) => setQuery(e.target.value)} />
            </Field>
            <KeyValueRows label="Stage variables" rows={stageVariables} onChange={setStageVariables} />
          </>
        )}
        <Field label="Request path" hint="For the method ARN">
          <input aria-label="Request path" value={path} onChange={(e) => setPath(e.target.value)} />
        </Field>
        <button type="submit" className="button button-primary" disabled={run.isPending}>
          Test
        </button>
      </form>
      {run.error && <ErrorNotice error={run.error} />}
      {result && (
        <div className="test-result" aria-label="Test result">
          <p>
            Response: <strong data-testid="authorizer-test-status">{result.clientStatus}</strong>{" "}
            {result.clientStatus === 200 ? "allowed" : result.clientStatus === 401 ? "Unauthorized" : result.clientStatus === 403 ? "denied" : "authorizer error"} ·{" "}
            {result.latency} ms
          </p>
          {result.principalId && (
            <p>
              Principal: <code>{result.principalId}</code>
            </p>
          )}
          {result.policy != null && (
            <>
              <h4>Policy</h4>
              <pre>{JSON.stringify(result.policy, null, 2)}</pre>
            </>
          )}
          {result.context && (
            <>
              <h4>Context</h4>
              <pre>{JSON.stringify(result.context, null, 2)}</pre>
            </>
          )}
          {result.claims && (
            <>
              <h4>Claims</h4>
              <pre>{JSON.stringify(result.claims, null, 2)}</pre>
            </>
          )}
          <h4>Log</h4>
          <ExecutionLogTable log={result.log.map((message) => ({ step: "authorizer", durationMs: null, level: "INFO", message }))} />
        </div>
      )}
    </section>
  );
}
