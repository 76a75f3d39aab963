"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TRemoteFunction } from "@/lib/schemas/remote-functions";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { remoteFunctionKeys } from "./use-remote-functions";

const FIELDS = ["functionArn", "endpoint", "region", "accessKeyId", "secretAccessKey", "sessionToken", "description"] as const;

/**
 * Registers a remote function (`existing` absent) or edits one. Secrets are
 * write-only: the API never returns them, so in edit mode the secret fields
 * start empty and are only sent when filled in (absent keeps the stored value).
 */
export function RemoteFunctionDialog({ existing, onClose }: { existing?: TRemoteFunction; onClose: () => void }) {
  const queryClient = useQueryClient();
  const editing = existing !== undefined;
  const [functionArn, setFunctionArn] = useState(existing?.functionArn ?? "");
  const [endpoint, setEndpoint] = useState(existing?.endpoint ?? "");
  const [region, setRegion] = useState(existing?.region ?? "");
  const [accessKeyId, setAccessKeyId] = useState(existing?.accessKeyId ?? "");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [sessionToken, setSessionToken] = useState("");
  const [removeSessionToken, setRemoveSessionToken] = useState(false);
  const [description, setDescription] = useState(existing?.description ?? "");

  const save = useMutation({
    mutationFn: () => {
      if (!existing) {
        return api.post<TRemoteFunction>("/remote-functions", {
          functionArn: functionArn.trim(),
          endpoint: endpoint.trim(),
          ...(region.trim() ? { region: region.trim() } : {}),
          accessKeyId: accessKeyId.trim(),
          secretAccessKey,
          ...(sessionToken ? { sessionToken } : {}),
          description,
        });
      }
      return api.patch<TRemoteFunction>(`/remote-functions/${enc(existing.id)}`, {
        version: existing.version,
        endpoint: endpoint.trim(),
        region: region.trim(),
        accessKeyId: accessKeyId.trim(),
        // Empty secret fields keep the stored values (the API keeps what is absent).
        ...(secretAccessKey ? { secretAccessKey } : {}),
        ...(removeSessionToken ? { sessionToken: null } : sessionToken ? { sessionToken } : {}),
        description,
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: remoteFunctionKeys.all() });
      onClose();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const errors = (field: (typeof FIELDS)[number]) => problemsFor(save.error, field);
  return (
    <Dialog title={editing ? "Edit remote function" : "Register remote function"} onClose={onClose} wide>
      <form className="form form-compact" onSubmit={submit} noValidate aria-label={editing ? "Edit remote function" : "Register remote function"}>
        <fieldset className="plain" disabled={save.isPending}>
          <Field
            label="Function ARN"
            errors={errors("functionArn")}
            hint={editing ? "The ARN cannot change: delete and register again to map another one." : "arn:aws:lambda:{region}:{account}:function:{name}"}
          >
            <input
              className="mono"
              value={functionArn}
              onChange={(e) => setFunctionArn(e.target.value)}
              readOnly={editing}
              placeholder="arn:aws:lambda:eu-west-1:123456789012:function:orders"
              autoFocus={!editing}
              required
            />
          </Field>
          <Field label="Endpoint URL" errors={errors("endpoint")} hint="The Lambda Invoke API's base URL, e.g. https://lambda.eu-west-1.amazonaws.com.">
            <input className="mono" type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="https://lambda.eu-west-1.amazonaws.com" required />
          </Field>
          <Field label="Signing region" errors={errors("region")} hint={editing ? "The SigV4 region." : "The SigV4 region; empty: the ARN's region."}>
            <input className="mono" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="us-east-1" />
          </Field>
          <Field label="Access key ID" errors={errors("accessKeyId")}>
            <input className="mono" value={accessKeyId} onChange={(e) => setAccessKeyId(e.target.value)} autoComplete="off" spellCheck={false} required />
          </Field>
          <Field
            label="Secret access key"
            errors={errors("secretAccessKey")}
            hint={editing ? "Stored encrypted and never shown. Leave empty to keep the stored secret; fill in to rotate it." : "Stored encrypted; never shown again after saving."}
          >
            <input
              type="password"
              className="mono"
              value={secretAccessKey}
              onChange={(e) => setSecretAccessKey(e.target.value)}
              placeholder={editing ? "•••••• (unchanged)" : ""}
              autoComplete="new-password"
              spellCheck={false}
              required={!editing}
            />
          </Field>
          <Field
            label="Session token (optional)"
            errors={errors("sessionToken")}
            hint={
              editing
                ? existing.hasSessionToken
                  ? "A session token is stored. Leave empty to keep it; fill in to replace it."
                  : "None stored. Only for temporary credentials."
                : "Only for temporary credentials (sent as X-Amz-Security-Token). Stored encrypted."
            }
          >
            <input
              type="password"
              className="mono"
              value={sessionToken}
              onChange={(e) => setSessionToken(e.target.value)}
              placeholder={editing && existing.hasSessionToken ? "•••••• (unchanged)" : ""}
              autoComplete="new-password"
              spellCheck={false}
              disabled={removeSessionToken}
            />
          </Field>
          {editing && existing.hasSessionToken && (
            <label className="checkbox small">
              <input type="checkbox" checked={removeSessionToken} onChange={(e) => setRemoveSessionToken(e.target.checked)} /> Remove the stored session token
            </label>
          )}
          <Field label="Description" errors={errors("description")}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </fieldset>
        <ErrorNotice
          error={save.error}
          problems={otherProblems(save.error, FIELDS)}
          onReload={
            editing
              ? () => {
                  void queryClient.invalidateQueries({ queryKey: remoteFunctionKeys.all() });
                  onClose();
                }
              : undefined
          }
        />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : editing ? "Save" : "Register"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
