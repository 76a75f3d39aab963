"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { TStage } from "@/lib/schemas/management";
import { awsMethodSettingKey, normalizeMethodSettingKey, normalizeMethodSettings } from "@/lib/cache-policy";
import { otherProblems, problemsFor } from "../api/client";
import { useResources } from "../api/use-resources";
import { ErrorNotice } from "../ui/error-notice";
import { removeSetting, settingOperations, type PatchOperation } from "./setting-ops";
import type { StageSectionProps } from "./stage-props";

type Setting = TStage["methodSettings"][string];
interface SettingRow {
  key: string;
  metricsEnabled: boolean;
  loggingLevel: Setting["loggingLevel"];
  dataTraceEnabled: boolean;
  throttlingBurstLimit: string;
  throttlingRateLimit: string;
  cachingEnabled: boolean;
  cacheTtlInSeconds: string;
}

const toRow = (key: string, s: Setting): SettingRow => ({
  key,
  metricsEnabled: s.metricsEnabled,
  loggingLevel: s.loggingLevel,
  dataTraceEnabled: s.dataTraceEnabled,
  throttlingBurstLimit: s.throttlingBurstLimit === undefined ? "" : String(s.throttlingBurstLimit),
  throttlingRateLimit: s.throttlingRateLimit === undefined ? "" : String(s.throttlingRateLimit),
  cachingEnabled: s.cachingEnabled,
  cacheTtlInSeconds: String(s.cacheTtlInSeconds),
});

const blank = (key: string): SettingRow => ({
  key,
  metricsEnabled: false,
  loggingLevel: "OFF",
  dataTraceEnabled: false,
  throttlingBurstLimit: "",
  throttlingRateLimit: "",
  cachingEnabled: false,
  cacheTtlInSeconds: "300",
});

/** The operations that take the stored settings to the table: only the values changed here, so other sections' fields (cache invalidation, anything not shown) stay. */
function operations(stored: Record<string, Setting>, rows: SettingRow[]): PatchOperation[] {
  const before = normalizeMethodSettings(stored) as Record<string, Setting>;
  const kept = new Set(rows.filter((r) => r.key.trim()).map((r) => normalizeMethodSettingKey(r.key.trim())));
  return [
    // Rows removed (or renamed): the whole method setting goes.
    ...Object.keys(before)
      .filter((k) => !kept.has(k))
      .map((k) => removeSetting(k)),
    ...rows
      .filter((r) => r.key.trim())
      .flatMap((r) =>
        settingOperations(r.key, before[normalizeMethodSettingKey(r.key.trim())] as Record<string, unknown> | undefined, {
          metricsEnabled: r.metricsEnabled,
          loggingLevel: r.loggingLevel,
          dataTraceEnabled: r.dataTraceEnabled,
          throttlingBurstLimit: r.throttlingBurstLimit.trim(),
          throttlingRateLimit: r.throttlingRateLimit.trim(),
          cachingEnabled: r.cachingEnabled,
          cacheTtlInSeconds: r.cacheTtlInSeconds.trim() || "300",
        }),
      ),
  ];
}

/** How the server names a method setting in its problems: `methodSettings["~1items/GET"]`. */
const settingField = (key: string) => `methodSettings[${JSON.stringify(normalizeMethodSettingKey(key.trim()))}]`;

/** AWS's methodSettings key: the resource path with every "/" escaped as "~1" (the leading one too), then the verb. */
export const methodSettingKey = awsMethodSettingKey;

export function MethodSettingsEditor({ apiId, stage, canEdit, patch, reload }: StageSectionProps) {
  const listId = useId();
  const { data: resources } = useResources(apiId);
  const [rows, setRows] = useState(() => Object.entries(stage.methodSettings).map(([key, s]) => toRow(key, s)));
  const save = useMutation({ mutationFn: () => patch({ patchOperations: operations(stage.methodSettings, rows) }) });
  const update = (index: number, patch: Partial<SettingRow>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const suggestions = [
    "*/*",
    ...(resources ?? []).flatMap((r) => Object.keys(r.resourceMethods).map((verb) => methodSettingKey(r.path, verb))),
  ];
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <section className="card" aria-label="Method settings">
      <h2>Method settings</h2>
      <p className="muted small">
        <span className="mono">*/*</span> applies to every method; <span className="mono">~1items~1{"{id}"}/GET</span> (the resource path with every <span className="mono">/</span> as{" "}
        <span className="mono">~1</span>, then the verb) to one.
      </p>
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <form className="form form-compact" onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit} className="plain">
          {rows.length === 0 ? (
            <p className="muted small">No method settings: stage defaults apply.</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>Method</th>
                    <th>Metrics</th>
                    <th>Logging</th>
                    <th>Data trace</th>
                    <th>Burst</th>
                    <th>Rate (req/s)</th>
                    <th>Caching</th>
                    <th>Cache TTL (s)</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr key={i}>
                      <td>
                        <input
                          className="mono"
                          list={listId}
                          aria-label={`Method setting key ${i + 1}`}
                          value={row.key}
                          onChange={(e) => update(i, { key: e.target.value })}
                        />
                        {problemsFor(save.error, settingField(row.key)).map((m) => (
                          <span key={m} className="field-error">
                            {m}
                          </span>
                        ))}
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Metrics enabled ${i + 1}`}
                          checked={row.metricsEnabled}
                          onChange={(e) => update(i, { metricsEnabled: e.target.checked })}
                        />
                      </td>
                      <td>
                        <select
                          aria-label={`Logging level ${i + 1}`}
                          value={row.loggingLevel}
                          onChange={(e) => update(i, { loggingLevel: e.target.value as Setting["loggingLevel"] })}
                        >
                          <option value="OFF">OFF</option>
                          <option value="ERROR">ERROR</option>
                          <option value="INFO">INFO</option>
                        </select>
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Data trace ${i + 1}`}
                          checked={row.dataTraceEnabled}
                          onChange={(e) => update(i, { dataTraceEnabled: e.target.checked })}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          min={0}
                          className="num"
                          aria-label={`Throttling burst limit ${i + 1}`}
                          value={row.throttlingBurstLimit}
                          onChange={(e) => update(i, { throttlingBurstLimit: e.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          min={0}
                          step="any"
                          className="num"
                          aria-label={`Throttling rate limit ${i + 1}`}
                          value={row.throttlingRateLimit}
                          onChange={(e) => update(i, { throttlingRateLimit: e.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Caching enabled ${i + 1}`}
                          checked={row.cachingEnabled}
                          onChange={(e) => update(i, { cachingEnabled: e.target.checked })}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          min={0}
                          max={3600}
                          className="num"
                          aria-label={`Cache TTL ${i + 1}`}
                          value={row.cacheTtlInSeconds}
                          onChange={(e) => update(i, { cacheTtlInSeconds: e.target.value })}
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Remove method setting ${i + 1}`}
                          onClick={() => setRows(rows.filter((_, j) => j !== i))}
                        >
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
            <button
              type="button"
              className="button button-small"
              onClick={() => setRows([...rows, blank(rows.some((r) => r.key === "*/*") ? "" : "*/*")])}
            >
              Add method setting
            </button>
          </div>
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, rows.map((r) => settingField(r.key)))} />
        {canEdit && (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save method settings
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
