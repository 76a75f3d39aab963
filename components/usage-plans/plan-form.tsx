"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import type { TUsagePlan } from "@/lib/schemas/api-keys";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { useResources } from "../api/use-resources";
import { useRestApis } from "../api/use-rest-apis";
import { useStages } from "../api/use-stages";
import { AccessError } from "../api-keys/access-error";
import { Field } from "../ui/field";

interface MethodThrottleDraft {
  key: string;
  rateLimit: string;
  burstLimit: string;
}
interface StageDraft {
  restApiId: string;
  stageName: string;
  methods: MethodThrottleDraft[];
}

const PLAN_FIELDS = ["name", "description", "throttle", "quota", "apiStages"];

function MethodThrottleRows({ restApiId, index, draft, error, onChange }: { restApiId: string; index: number; draft: StageDraft; error: unknown; onChange: (d: StageDraft) => void }) {
  const { data: resources } = useResources(restApiId);
  const options = (resources ?? []).flatMap((r) => Object.keys(r.resourceMethods).map((verb) => `${r.path}/${verb}`)).sort();
  const set = (i: number, patch: Partial<MethodThrottleDraft>) => onChange({ ...draft, methods: draft.methods.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <div className="sub-box">
      <div className="muted small">Per-method throttles (override the plan&apos;s throttle for one method)</div>
      {draft.methods.map((m, i) => (
        <div key={i} className="inline-form">
          <Field label="Method" errors={problemsFor(error, `apiStages.${index}.throttle`)}>
            <select value={m.key} onChange={(e) => set(i, { key: e.target.value })}>
              <option value="">Choose resource and method…</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Rate (requests/s)">
            <input type="number" min={0} className="num" value={m.rateLimit} onChange={(e) => set(i, { rateLimit: e.target.value })} />
          </Field>
          <Field label="Burst">
            <input type="number" min={0} className="num" value={m.burstLimit} onChange={(e) => set(i, { burstLimit: e.target.value })} />
          </Field>
          <button type="button" className="button button-small" aria-label={`Remove method throttle ${m.key || i + 1}`} onClick={() => onChange({ ...draft, methods: draft.methods.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-small" onClick={() => onChange({ ...draft, methods: [...draft.methods, { key: "", rateLimit: "1", burstLimit: "1" }] })}>
        Add method throttle
      </button>
    </div>
  );
}

function StageRow({ index, draft, error, onChange, onRemove }: { index: number; draft: StageDraft; error: unknown; onChange: (d: StageDraft) => void; onRemove: () => void }) {
  const { data: apis } = useRestApis();
  const { data: stages } = useStages(draft.restApiId);
  return (
    <div className="box">
      <div className="inline-form">
        <Field label={`API (stage ${index + 1})`} errors={problemsFor(error, `apiStages.${index}.restApiId`)}>
          <select value={draft.restApiId} onChange={(e) => onChange({ restApiId: e.target.value, stageName: "", methods: [] })}>
            <option value="">Choose an API…</option>
            {(apis ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.id})
              </option>
            ))}
          </select>
        </Field>
        <Field label={`Stage (stage ${index + 1})`} errors={problemsFor(error, `apiStages.${index}.stageName`)}>
          <select value={draft.stageName} disabled={!draft.restApiId} onChange={(e) => onChange({ ...draft, stageName: e.target.value })}>
            <option value="">Choose a stage…</option>
            {draft.restApiId &&
              (stages ?? []).map((s) => (
                <option key={s.stageName} value={s.stageName}>
                  {s.stageName}
                </option>
              ))}
            {draft.stageName && !(stages ?? []).some((s) => s.stageName === draft.stageName) && <option value={draft.stageName}>{draft.stageName}</option>}
          </select>
        </Field>
        <button type="button" className="button button-small button-danger-outline" aria-label={`Remove API stage ${index + 1}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      {draft.restApiId && <MethodThrottleRows restApiId={draft.restApiId} index={index} draft={draft} error={error} onChange={onChange} />}
    </div>
  );
}

const num = (s: string) => (s.trim() === "" ? NaN : Number(s));

/** Create (no `plan`) or edit a usage plan: name, throttle, quota, API stages with per-method throttles. */
export function PlanForm({ plan, onSaved, onCancel }: { plan?: TUsagePlan; onSaved: (plan: TUsagePlan) => void; onCancel?: () => void }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    // APIs, stages and resources may have changed since the console cached them (e.g. a deploy from another tab).
    void queryClient.invalidateQueries({ queryKey: keys.restApis() });
  }, [queryClient]);
  const [name, setName] = useState(plan?.name ?? "");
  const [description, setDescription] = useState(plan?.description ?? "");
  const [throttleOn, setThrottleOn] = useState(plan ? plan.throttle !== null : true);
  const [rate, setRate] = useState(String(plan?.throttle?.rateLimit ?? 10));
  const [burst, setBurst] = useState(String(plan?.throttle?.burstLimit ?? 20));
  const [quotaOn, setQuotaOn] = useState(plan ? plan.quota !== null : false);
  const [limit, setLimit] = useState(String(plan?.quota?.limit ?? 1000));
  const [period, setPeriod] = useState<"DAY" | "WEEK" | "MONTH">(plan?.quota?.period ?? "DAY");
  const [offset, setOffset] = useState(String(plan?.quota?.offset ?? 0));
  const [stages, setStages] = useState<StageDraft[]>(
    plan?.apiStages.map((s) => ({
      restApiId: s.restApiId,
      stageName: s.stageName,
      methods: Object.entries(s.throttle).map(([key, t]) => ({ key, rateLimit: String(t.rateLimit), burstLimit: String(t.burstLimit) })),
    })) ?? [],
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        description,
        throttle: throttleOn ? { rateLimit: num(rate), burstLimit: num(burst) } : null,
        quota: quotaOn ? { limit: num(limit), period, offset: num(offset) || 0 } : null,
        apiStages: stages.map((s) => ({
          restApiId: s.restApiId,
          stageName: s.stageName,
          throttle: Object.fromEntries(s.methods.filter((m) => m.key).map((m) => [m.key, { rateLimit: num(m.rateLimit), burstLimit: num(m.burstLimit) }])),
        })),
      };
      return plan ? api.patch<TUsagePlan>(`/usageplans/${enc(plan.id)}`, { ...body, version: plan.version }) : api.post<TUsagePlan>("/usageplans", body);
    },
    onSuccess: onSaved,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form className="form" onSubmit={submit} aria-label={plan ? `Edit usage plan ${plan.name}` : "Create usage plan"} noValidate>
      <Field label="Plan name" errors={problemsFor(save.error, "name")}>
        <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="basic" />
      </Field>
      <Field label="Description" errors={problemsFor(save.error, "description")}>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field label="Enable throttling" inline>
        <input type="checkbox" checked={throttleOn} onChange={(e) => setThrottleOn(e.target.checked)} />
      </Field>
      {throttleOn && (
        <div className="inline-form">
          <Field label="Rate (requests per second)" errors={problemsFor(save.error, "throttle.rateLimit")}>
            <input type="number" min={0} step="any" className="num" value={rate} onChange={(e) => setRate(e.target.value)} />
          </Field>
          <Field label="Burst (requests)" errors={problemsFor(save.error, "throttle.burstLimit")}>
            <input type="number" min={0} className="num" value={burst} onChange={(e) => setBurst(e.target.value)} />
          </Field>
        </div>
      )}
      <Field label="Enable quota" inline>
        <input type="checkbox" checked={quotaOn} onChange={(e) => setQuotaOn(e.target.checked)} />
      </Field>
      {quotaOn && (
        <div className="inline-form">
          <Field label="Requests per period" errors={problemsFor(save.error, "quota.limit")}>
            <input type="number" min={0} className="num" value={limit} onChange={(e) => setLimit(e.target.value)} />
          </Field>
          <Field label="Period" errors={problemsFor(save.error, "quota.period")}>
            <select value={period} onChange={(e) => setPeriod(e.target.value as "DAY" | "WEEK" | "MONTH")}>
              <option value="DAY">Day</option>
              <option value="WEEK">Week</option>
              <option value="MONTH">Month</option>
            </select>
          </Field>
          {period !== "DAY" && (
            <Field label={period === "WEEK" ? "Starts on (0 Sunday … 6 Saturday)" : "Starts on day offset (0 = the 1st)"} errors={problemsFor(save.error, "quota.offset")}>
              <input type="number" min={0} max={period === "WEEK" ? 6 : 27} className="num" value={offset} onChange={(e) => setOffset(e.target.value)} />
            </Field>
          )}
        </div>
      )}
      <fieldset className="kv">
        <legend>API stages</legend>
        {stages.length === 0 && <p className="muted small">No API stage yet: keys in this plan can call nothing.</p>}
        {stages.map((s, i) => (
          <StageRow
            key={i}
            index={i}
            draft={s}
            error={save.error}
            onChange={(d) => setStages(stages.map((x, j) => (j === i ? d : x)))}
            onRemove={() => setStages(stages.filter((_, j) => j !== i))}
          />
        ))}
        <button type="button" className="button button-small" onClick={() => setStages([...stages, { restApiId: "", stageName: "", methods: [] }])}>
          Add API stage
        </button>
      </fieldset>
      <AccessError error={save.error} problems={otherProblems(save.error, PLAN_FIELDS)} />
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : plan ? "Save plan" : "Create plan"}
        </button>
      </div>
    </form>
  );
}
