"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { normalizeMethodSettingKey } from "@/lib/cache-policy";
import { api, otherProblems, problemsFor } from "../api/client";
import { useResources } from "../api/use-resources";
import { ErrorNotice } from "../ui/error-notice";
import type { StageSectionProps } from "./stage-props";

/**
 * Stage throttling (issue 8): the stage default (`*\/*`, each method gets its
 * own bucket with these values) and per-method overrides (`~1items/GET`),
 * saved as AWS patch operations that touch only the throttling fields, so the
 * other method settings (caching, logging) stay as they are. Empty means "not
 * set": the account limit (and any usage plan) still applies. Changes apply on
 * every gateway within a second, without a redeploy.
 */

interface AccountInfo {
  throttleSettings: { rateLimit: number; burstLimit: number };
}

interface Row {
  key: string;
  rate: string;
  burst: string;
}

const STAGE_KEY = "*/*";
const text = (n: number | undefined) => (n === undefined || n === null ? "" : String(n));
const field = (key: string, name: "throttlingRateLimit" | "throttlingBurstLimit") => `methodSettings[${JSON.stringify(normalizeMethodSettingKey(key.trim()))}].${name}`;

/** AWS's method-settings key: the resource path with every "/" as "~1", then the verb (`/items` GET → `~1items/GET`). */
export const throttleKey = (path: string, verb: string) => `${path.replaceAll("/", "~1")}/${verb}`;

function rowsOf(settings: StageSectionProps["stage"]["methodSettings"]): Row[] {
  return Object.entries(settings)
    .filter(([key, s]) => key !== STAGE_KEY && (s.throttlingRateLimit !== undefined || s.throttlingBurstLimit !== undefined))
    .map(([key, s]) => ({ key, rate: text(s.throttlingRateLimit), burst: text(s.throttlingBurstLimit) }));
}

/** replace/remove operations for one key's two throttling values. */
function operations(key: string, rate: string, burst: string, before: { rate: string; burst: string } | undefined) {
  const ops: Array<{ op: string; path: string; value?: string }> = [];
  const pairs: Array<[string, string, string | undefined]> = [
    ["rateLimit", rate.trim(), before?.rate],
    ["burstLimit", burst.trim(), before?.burst],
  ];
  for (const [name, value, old] of pairs) {
    if (value !== "") ops.push({ op: "replace", path: `/${key}/throttling/${name}`, value });
    else if (old) ops.push({ op: "remove", path: `/${key}/throttling/${name}` });
  }
  return ops;
}

export function ThrottleSettings({ apiId, stage, canEdit, patch, reload }: StageSectionProps) {
  const listId = useId();
  const { data: resources } = useResources(apiId);
  const { data: account } = useQuery({ queryKey: ["account"], queryFn: () => api.get<AccountInfo>("/account") });
  const initialStage = stage.methodSettings[STAGE_KEY];
  const [stageRate, setStageRate] = useState(text(initialStage?.throttlingRateLimit));
  const [stageBurst, setStageBurst] = useState(text(initialStage?.throttlingBurstLimit));
  const initialRows = rowsOf(stage.methodSettings);
  const [rows, setRows] = useState(initialRows);
  const suggestions = (resources ?? []).flatMap((r) => Object.keys(r.resourceMethods).map((verb) => throttleKey(r.path, verb)));

  const save = useMutation({
    mutationFn: () => {
      const before = new Map(initialRows.map((r) => [r.key, r]));
      const ops = [
        ...operations(STAGE_KEY, stageRate, stageBurst, { rate: text(initialStage?.throttlingRateLimit), burst: text(initialStage?.throttlingBurstLimit) }),
        ...rows.filter((r) => r.key.trim()).flatMap((r) => operations(r.key.trim(), r.rate, r.burst, before.get(r.key.trim()))),
        // Overrides removed from the table: drop their throttling values (other settings of the method stay).
        ...initialRows
          .filter((old) => !rows.some((r) => r.key.trim() === old.key))
          .flatMap((old) => operations(old.key, "", "", old)),
      ];
      return patch({ patchOperations: ops });
    },
  });
  const update = (index: number, change: Partial<Row>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const limits = account?.throttleSettings;
  const claimed = [STAGE_KEY, ...rows.map((r) => r.key)].flatMap((k) => [field(k, "throttlingRateLimit"), field(k, "throttlingBurstLimit")]);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const errors = (key: string, name: "throttlingRateLimit" | "throttlingBurstLimit") =>
    problemsFor(save.error, field(key, name)).map((m) => (
      <span key={m} className="field-error">
        {m}
      </span>
    ));

  return (
    <section className="card" aria-label="Throttling">
      <h2>Throttling</h2>
      <p className="muted small">
        Requests per second (rate) and at once (burst). The stage default gives every method its own bucket with these values; an override
        replaces them for one method. Empty: not set.{" "}
        {limits && (
          <>
            The account limit of {limits.rateLimit} req/s (burst {limits.burstLimit}) applies to every request and is the highest value allowed.
          </>
        )}
      </p>
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <form className="form form-compact" onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit} className="plain">
          <div className="form-row">
            <label>
              Stage default rate (req/s)
              <input className="num" inputMode="decimal" aria-label="Stage default rate" value={stageRate} onChange={(e) => setStageRate(e.target.value)} />
              {errors(STAGE_KEY, "throttlingRateLimit")}
            </label>
            <label>
              Stage default burst
              <input className="num" inputMode="numeric" aria-label="Stage default burst" value={stageBurst} onChange={(e) => setStageBurst(e.target.value)} />
              {errors(STAGE_KEY, "throttlingBurstLimit")}
            </label>
          </div>
          <h3>Per-method overrides</h3>
          {rows.length === 0 ? (
            <p className="muted small">No overrides: every method uses the stage default.</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>Method</th>
                    <th>Rate (req/s)</th>
                    <th>Burst</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr key={i}>
                      <td>
                        <input className="mono" list={listId} aria-label={`Throttled method ${i + 1}`} placeholder="~1items/GET" value={row.key} onChange={(e) => update(i, { key: e.target.value })} />
                      </td>
                      <td>
                        <input className="num" inputMode="decimal" aria-label={`Rate ${i + 1}`} value={row.rate} onChange={(e) => update(i, { rate: e.target.value })} />
                        {errors(row.key, "throttlingRateLimit")}
                      </td>
                      <td>
                        <input className="num" inputMode="numeric" aria-label={`Burst ${i + 1}`} value={row.burst} onChange={(e) => update(i, { burst: e.target.value })} />
                        {errors(row.key, "throttlingBurstLimit")}
                      </td>
                      <td>
                        <button type="button" className="button button-small" aria-label={`Remove override ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div>
            <button type="button" className="button button-small" onClick={() => setRows([...rows, { key: suggestions[0] ?? "", rate: "", burst: "" }])}>
              Add override
            </button>
          </div>
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, claimed)} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save throttling"}
            </button>{" "}
            {save.isSuccess && !save.isPending && <span className="muted small">Saved: applies within a second.</span>}
          </div>
        )}
      </form>
    </section>
  );
}
