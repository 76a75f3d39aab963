"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TUsagePlan, TUsagePlanKey } from "@/lib/schemas/api-keys";
import { api, enc, problemsFor } from "../api/client";
import { apiKeysQueryKey, useApiKeys } from "../api-keys/api-keys-page";
import { AccessError } from "../api-keys/access-error";
import { Field } from "../ui/field";

export const planKeysQueryKey = (planId: string) => ["usageplans", planId, "keys"] as const;

/** The keys in a plan: add (one plan per key per stage, the API says why not) and remove. */
export function PlanKeys({ plan, canEdit }: { plan: TUsagePlan; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const { data: members, error } = useQuery({
    queryKey: planKeysQueryKey(plan.id),
    queryFn: async () => (await api.get<{ items: TUsagePlanKey[] }>(`/usageplans/${enc(plan.id)}/keys`)).items,
  });
  const { data: allKeys } = useApiKeys();
  const [keyId, setKeyId] = useState("");
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: planKeysQueryKey(plan.id) }),
      queryClient.invalidateQueries({ queryKey: ["usageplans"] }),
      queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
    ]);
  const add = useMutation({
    mutationFn: () => api.post<TUsagePlanKey>(`/usageplans/${enc(plan.id)}/keys`, { keyId }),
    onSuccess: async () => {
      setKeyId("");
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/usageplans/${enc(plan.id)}/keys/${enc(id)}`),
    onSuccess: refresh,
  });
  const candidates = (allKeys ?? []).filter((k) => !(members ?? []).some((m) => m.id === k.id));
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  return (
    <section className="card" aria-label="Keys in this plan">
      <h2>API keys in this plan</h2>
      {error && <p className="error">Could not load the plan&apos;s keys: {error.message}</p>}
      {members && members.length === 0 && <p className="muted">No keys yet.</p>}
      {members && members.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Enabled</th>
              {canEdit && <th className="actions-col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="mono">{k.prefix}…</td>
                <td>{k.enabled ? "yes" : "no"}</td>
                {canEdit && (
                  <td className="actions-col">
                    <button type="button" className="button button-small button-danger-outline" aria-label={`Remove ${k.name} from the plan`} disabled={remove.isPending} onClick={() => remove.mutate(k.id)}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form className="inline-form" onSubmit={submit} aria-label="Add API key to plan">
          <Field label="API key to add" errors={problemsFor(add.error, "keyId")}>
            <select value={keyId} onChange={(e) => setKeyId(e.target.value)}>
              <option value="">Choose a key…</option>
              {candidates.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} ({k.prefix}…)
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button" disabled={!keyId || add.isPending}>
            {add.isPending ? "Adding…" : "Add key"}
          </button>
        </form>
      )}
      <AccessError error={add.error ?? remove.error} problems={[]} />
    </section>
  );
}
