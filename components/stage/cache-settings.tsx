"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { CACHE_CLUSTER_SIZES, type TStage, type TStageCacheStats } from "@/lib/schemas/management";
import { cacheWarnings, DEFAULT_CACHE_TTL_SECONDS, methodSettingKeys, normalizeMethodSettingKey } from "@/lib/cache-policy";
import { api, otherProblems, problemsFor } from "../api/client";
import { useResources } from "../api/use-resources";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorNotice } from "../ui/error-notice";
import { removeSetting, settingOperations, type PatchOperation } from "./setting-ops";
import type { StageSectionProps } from "./stage-props";

type Setting = TStage["methodSettings"][string];
type Strategy = NonNullable<Setting["unauthorizedCacheControlHeaderStrategy"]>;
const STRATEGIES: Array<[Strategy, string]> = [
  ["SUCCEED_WITH_RESPONSE_HEADER", "Serve the cached answer, add a Warning header"],
  ["SUCCEED_WITHOUT_RESPONSE_HEADER", "Serve the cached answer silently"],
  ["FAIL_WITH_403", "Fail with 403"],
];

interface OverrideRow {
  /** The methodSettings key written (an existing one of either form, else AWS's `~1path/VERB`). */
  key: string;
  label: string;
  /** "default": no setting of its own (GET follows the stage default, other verbs are not cached). */
  caching: "default" | "on" | "off";
  ttl: string;
  requireAuthorization: boolean;
  strategy: Strategy;
}

/** Whether a method setting holds values other than caching ones (which the cache section must not drop). */
const hasOtherValues = (s: Setting) =>
  s.throttlingRateLimit !== undefined || s.throttlingBurstLimit !== undefined || s.metricsEnabled || s.dataTraceEnabled || (s.loggingLevel ?? "OFF") !== "OFF";

/** How the server names a TTL problem: `methodSettings["~1items/GET"].cacheTtlInSeconds`. */
const ttlField = (key: string) => `methodSettings[${JSON.stringify(normalizeMethodSettingKey(key))}].cacheTtlInSeconds`;

const formatBytes = (n: number | null) =>
  n === null ? "—" : n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;

/**
 * The stage's response cache: on/off, capacity, the stage default (`*\/*`),
 * per-method overrides, live statistics from the gateway, "Flush stage cache",
 * and warnings for cached methods whose key could mix callers or paths.
 */
export function CacheSettings({ apiId, stage, path, canEdit, patch, reload }: StageSectionProps) {
  const { data: resources } = useResources(apiId);
  const star = stage.methodSettings["*/*"];
  const [enabled, setEnabled] = useState(stage.cacheClusterEnabled);
  const [size, setSize] = useState(stage.cacheClusterSize);
  const [cacheGet, setCacheGet] = useState(star ? star.cachingEnabled : true);
  const [ttl, setTtl] = useState(String(star?.cacheTtlInSeconds ?? DEFAULT_CACHE_TTL_SECONDS));
  const [overrides, setOverrides] = useState<OverrideRow[] | null>(null);
  const [flushing, setFlushing] = useState(false);

  const rows: OverrideRow[] =
    overrides ??
    (resources ?? []).flatMap((r) =>
      Object.keys(r.resourceMethods).map((verb) => {
        const keys = methodSettingKeys(r.path, verb);
        const existing = keys.find((k) => stage.methodSettings[k]);
        const s = existing ? stage.methodSettings[existing] : undefined;
        return {
          key: existing ?? keys[0],
          label: `${verb} ${r.path}`,
          caching: s ? (s.cachingEnabled ? "on" : "off") : "default",
          ttl: s && s.cacheTtlInSeconds !== undefined ? String(s.cacheTtlInSeconds) : "",
          requireAuthorization: s?.requireAuthorizationForCacheControl ?? true,
          strategy: s?.unauthorizedCacheControlHeaderStrategy ?? "SUCCEED_WITH_RESPONSE_HEADER",
        } satisfies OverrideRow;
      }),
    );
  const update = (index: number, change: Partial<OverrideRow>) => setOverrides(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  const stats = useQuery({
    queryKey: ["restapis", apiId, "stages", stage.stageName, "cache-stats"],
    queryFn: () => api.get<TStageCacheStats>(`${path}/cache`),
    refetchInterval: 5_000,
    retry: false,
  });

  /**
   * Patch operations for what changed in this section only: the cache on/off and size, the stage
   * default's caching values, and each method's caching values. Throttling, logging and metrics of the
   * same method settings stay as they are.
   */
  function operations(): PatchOperation[] {
    const ops: PatchOperation[] = [];
    if (enabled !== stage.cacheClusterEnabled) ops.push({ op: "replace", path: "/cacheClusterEnabled", value: String(enabled) });
    if (size !== stage.cacheClusterSize) ops.push({ op: "replace", path: "/cacheClusterSize", value: size });
    ops.push(
      ...settingOperations("*/*", star, {
        cachingEnabled: cacheGet,
        cacheTtlInSeconds: ttl.trim() === "" ? String(DEFAULT_CACHE_TTL_SECONDS) : ttl.trim(),
      }),
    );
    for (const row of rows) {
      const current = stage.methodSettings[row.key];
      if (row.caching === "default") {
        // Back to the stage default: a setting that only held caching values goes; one with other values
        // (throttling, logging, metrics) keeps them and stops caching this method.
        if (current && !hasOtherValues(current)) ops.push(removeSetting(row.key));
        else if (current?.cachingEnabled) ops.push(...settingOperations(row.key, current, { cachingEnabled: false }));
        continue;
      }
      ops.push(
        ...settingOperations(row.key, current, {
          cachingEnabled: row.caching === "on",
          ...(row.ttl.trim() === "" ? {} : { cacheTtlInSeconds: row.ttl.trim() }),
          requireAuthorizationForCacheControl: row.requireAuthorization,
          unauthorizedCacheControlHeaderStrategy: row.strategy,
        }),
      );
    }
    return ops;
  }

  const save = useMutation({
    mutationFn: async () => {
      const ops = operations();
      if (ops.length > 0) await patch({ patchOperations: ops });
      // Other sections edit methodSettings too: remount them with what was saved.
      await reload();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const warnings = resources ? cacheWarnings({ cache: { enabled: stage.cacheClusterEnabled }, methodSettings: stage.methodSettings }, resources) : [];
  const s = stats.data;
  const fields = ["cacheClusterEnabled", "cacheClusterSize", ttlField("*/*"), ...rows.map((r) => ttlField(r.key))];

  return (
    <section className="card" aria-label="Response cache">
      <h2>Response cache</h2>
      <p className="muted small">
        Successful answers (2xx, up to 1 MB) of cached methods are served without calling the integration until their TTL
        ends. GET methods are cached by default; other verbs only with their own setting. The key is the method, the resource
        and the integration&apos;s cache key parameters.
      </p>
      <div className="muted small" aria-label="Cache statistics">
        {stats.error ? (
          <>Statistics unavailable: {(stats.error as Error).message}</>
        ) : s ? (
          <>
            {s.backend === "redis" ? "Shared in Redis" : "In this gateway's memory"} · entries {s.entries ?? "—"} · size{" "}
            {formatBytes(s.bytes)} of {formatBytes(s.capacityBytes)} · hit ratio{" "}
            <strong data-testid="cache-hit-ratio">{s.hitRatio === null ? "—" : `${Math.round(s.hitRatio * 100)}%`}</strong> ({s.hits} hits,{" "}
            {s.misses} misses since the gateway started)
          </>
        ) : (
          "Loading statistics…"
        )}
      </div>
      {warnings.length > 0 && (
        <div role="alert" className="banner banner-warning">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <form className="form form-compact" onSubmit={submit} noValidate>
        <fieldset disabled={!canEdit} className="plain">
          <label>
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enable the stage cache
          </label>
          <label>
            Capacity{" "}
            <select aria-label="Cache capacity" value={size} onChange={(e) => setSize(e.target.value)}>
              {CACHE_CLUSTER_SIZES.map((gb) => (
                <option key={gb} value={gb}>
                  {gb} GB
                </option>
              ))}
            </select>
          </label>
          {problemsFor(save.error, "cacheClusterSize").map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          <label>
            <input type="checkbox" checked={cacheGet} onChange={(e) => setCacheGet(e.target.checked)} /> Cache GET methods by default
            (<span className="mono">*/*</span>)
          </label>
          <label>
            Default TTL (seconds, 0–3600, 0 turns caching off){" "}
            <input type="number" min={0} max={3600} className="num" aria-label="Default cache TTL" value={ttl} onChange={(e) => setTtl(e.target.value)} />
          </label>
          {problemsFor(save.error, ttlField("*/*")).map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          {rows.length > 0 && (
            <div className="table-scroll">
              <table className="table table-compact" aria-label="Per-method cache settings">
                <thead>
                  <tr>
                    <th>Method</th>
                    <th>Caching</th>
                    <th>TTL (s)</th>
                    <th>Invalidation needs authorization</th>
                    <th>Unauthorized Cache-Control: max-age=0</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr key={row.key}>
                      <td className="mono">{row.label}</td>
                      <td>
                        <select aria-label={`Caching ${row.label}`} value={row.caching} onChange={(e) => update(i, { caching: e.target.value as OverrideRow["caching"] })}>
                          <option value="default">Stage default</option>
                          <option value="on">On</option>
                          <option value="off">Off</option>
                        </select>
                      </td>
                      <td>
                        <input
                          type="number"
                          min={0}
                          max={3600}
                          className="num"
                          placeholder="default"
                          aria-label={`Cache TTL ${row.label}`}
                          value={row.ttl}
                          disabled={row.caching === "default"}
                          onChange={(e) => update(i, { ttl: e.target.value })}
                        />
                        {problemsFor(save.error, ttlField(row.key)).map((m) => (
                          <span key={m} className="field-error">
                            {m}
                          </span>
                        ))}
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Invalidation needs authorization ${row.label}`}
                          checked={row.requireAuthorization}
                          disabled={row.caching === "default"}
                          onChange={(e) => update(i, { requireAuthorization: e.target.checked })}
                        />
                      </td>
                      <td>
                        <select
                          aria-label={`Unauthorized strategy ${row.label}`}
                          value={row.strategy}
                          disabled={row.caching === "default"}
                          onChange={(e) => update(i, { strategy: e.target.value as Strategy })}
                        >
                          {STRATEGIES.map(([value, label]) => (
                            <option key={value} value={value}>
                              {label}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </fieldset>
        <ErrorNotice error={save.error} onReload={reload} problems={otherProblems(save.error, fields)} />
        {canEdit && (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save cache settings
            </button>{" "}
            <button type="button" className="button button-danger-outline" onClick={() => setFlushing(true)}>
              Flush stage cache
            </button>
          </div>
        )}
      </form>
      {flushing && (
        <ConfirmDialog
          title={`Flush the cache of stage ${stage.stageName}?`}
          confirmLabel="Flush stage cache"
          onClose={() => setFlushing(false)}
          onConfirm={async () => {
            await api.delete(`${path}/cache/data`);
            await stats.refetch();
          }}
        >
          <p>Every gateway drops this stage&apos;s cached answers; the next requests reach the integrations again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
