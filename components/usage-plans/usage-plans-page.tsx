"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TUsagePlan } from "@/lib/schemas/api-keys";
import { api, enc } from "../api/client";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog } from "../ui/dialog";
import { PlanForm } from "./plan-form";
import { PlanKeys } from "./plan-keys";
import { UsageChart } from "./usage-chart";

const plansKey = ["usageplans"] as const;

const throttleText = (p: TUsagePlan) => (p.throttle ? `${p.throttle.rateLimit}/s, burst ${p.throttle.burstLimit}` : "none");
const quotaText = (p: TUsagePlan) => (p.quota ? `${p.quota.limit} per ${p.quota.period.toLowerCase()}` : "none");

export function UsagePlansPage() {
  const queryClient = useQueryClient();
  const { canEdit, canManageUsers: isAdmin } = usePermissions();
  const { data: plans, error, isPending } = useQuery({ queryKey: plansKey, queryFn: async () => (await api.get<{ items: TUsagePlan[] }>("/usageplans")).items });
  const [creating, setCreating] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TUsagePlan | null>(null);
  const selected = plans?.find((p) => p.id === selectedId) ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: plansKey });
  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>Usage plans</h1>
          <p className="muted small">Throttle and quota for the API keys in a plan, on the API stages it covers. A key can be in only one plan per stage.</p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              Create usage plan
            </button>
          </div>
        )}
      </header>
      <section className="card">
        {isPending && <p className="muted">Loading…</p>}
        {error && <p className="error">Could not load usage plans: {error.message}</p>}
        {plans && plans.length === 0 && <p className="muted">No usage plans yet.</p>}
        {plans && plans.length > 0 && (
          <table className="table" aria-label="Usage plans">
            <thead>
              <tr>
                <th>Name</th>
                <th>Throttle</th>
                <th>Quota</th>
                <th>API stages</th>
                <th>Keys</th>
                <th className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id} className={p.id === selectedId ? "row-current" : undefined}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.description && <div className="muted small">{p.description}</div>}
                  </td>
                  <td className="small">{throttleText(p)}</td>
                  <td className="small">{quotaText(p)}</td>
                  <td className="small mono">{p.apiStages.map((s) => `${s.restApiId}/${s.stageName}`).join(", ") || <span className="muted">none</span>}</td>
                  <td>{p.keyCount}</td>
                  <td className="actions-col">
                    <button type="button" className="button button-small" aria-label={`Open ${p.name}`} onClick={() => setSelectedId(p.id)}>
                      Open
                    </button>{" "}
                    {canEdit && (
                      <button type="button" className="button button-small button-danger-outline" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected && (
        <>
          <section className="card" aria-label={`Plan ${selected.name}`}>
            <h2>{canEdit ? `Edit ${selected.name}` : selected.name}</h2>
            {canEdit ? (
              <PlanForm key={`${selected.id}-${selected.version}`} plan={selected} onSaved={refresh} />
            ) : (
              <p className="small">
                Throttle {throttleText(selected)} · quota {quotaText(selected)}
              </p>
            )}
          </section>
          <PlanKeys plan={selected} canEdit={canEdit} />
          <UsageChart plan={selected} isAdmin={isAdmin} />
        </>
      )}
      {creating && (
        <Dialog title="Create usage plan" onClose={() => setCreating(false)} wide>
          <PlanForm
            onCancel={() => setCreating(false)}
            onSaved={async (plan) => {
              setCreating(false);
              await refresh();
              setSelectedId(plan.id);
            }}
          />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete plan"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/usageplans/${enc(deleting.id)}`);
            if (selectedId === deleting.id) setSelectedId(null);
            await refresh();
          }}
        >
          <p>Keys in this plan can no longer call its API stages (403). Usage history is kept.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
