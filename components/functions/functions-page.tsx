"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import type { TFunction } from "@/lib/schemas/functions";
import { api, enc, otherProblems, problemsFor } from "../api/client";
import { functionKeys, useFunctions } from "../api/use-functions";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { formatDate } from "../ui/format";
import { RemoteFunctionsSection } from "../remote-functions/remote-functions-section";
import "./functions.css";

/** The page's tab lives in the URL's hash (`#remote`), so it survives a reload and can be linked to. */
function subscribeToHash(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}
const useHash = () =>
  useSyncExternalStore(
    subscribeToHash,
    () => window.location.hash,
    () => "",
  );

const LANGUAGE_LABEL = { typescript: "TypeScript", javascript: "JavaScript" } as const;

export function FunctionsPage() {
  const { canEdit } = usePermissions();
  const { data: functions, error, isPending } = useFunctions();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [language, setLanguage] = useState<"typescript" | "javascript">("typescript");
  const tab = useHash() === "#remote" ? "remote" : "local";
  const setTab = (next: "local" | "remote") => {
    if (next === "remote") window.location.hash = "remote";
    else window.history.pushState(null, "", window.location.pathname + window.location.search);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  };
  const create = useMutation({
    mutationFn: () => api.post<TFunction>("/functions", { name: name.trim(), language }),
    onSuccess: async (fn) => {
      await queryClient.invalidateQueries({ queryKey: functionKeys.all() });
      router.push(`/functions/${enc(fn.name)}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <>
      <header className="page-header">
        <h1>Functions</h1>
        <p className="muted small">Node.js 20 handlers in TypeScript or JavaScript, run by the gateway for AWS_PROXY integrations.</p>
      </header>
      <div className="fn-tabs" role="tablist" aria-label="Function kinds">
        <button type="button" role="tab" id="functions-tab-local" aria-controls="functions-panel-local" aria-selected={tab === "local"} onClick={() => setTab("local")}>
          Functions
        </button>
        <button type="button" role="tab" id="functions-tab-remote" aria-controls="functions-panel-remote" aria-selected={tab === "remote"} onClick={() => setTab("remote")}>
          Remote functions
        </button>
      </div>
      {tab === "remote" && (
        <div role="tabpanel" id="functions-panel-remote" aria-labelledby="functions-tab-remote">
          <RemoteFunctionsSection />
        </div>
      )}
      <div role="tabpanel" id="functions-panel-local" aria-labelledby="functions-tab-local" hidden={tab !== "local"}>
        {canEdit && (
          <section className="card">
            <h2>Create a function</h2>
            <form className="inline-form" onSubmit={submit} aria-label="Create function" noValidate>
              <Field label="Function name" errors={problemsFor(create.error, "name")}>
                <input value={name} onChange={(e) => setName(e.target.value)} placeholder="my-function" required />
              </Field>
              <Field label="Language" errors={problemsFor(create.error, "language")}>
                <select value={language} onChange={(e) => setLanguage(e.target.value as "typescript" | "javascript")}>
                  <option value="typescript">TypeScript</option>
                  <option value="javascript">JavaScript</option>
                </select>
              </Field>
              <button type="submit" className="button button-primary" disabled={create.isPending}>
                Create function
              </button>
            </form>
            <p className="muted small">Starts from a &ldquo;hello&rdquo; handler (index.handler) you can edit and test right away.</p>
            <ErrorNotice error={create.error} problems={otherProblems(create.error, ["name", "language"])} />
          </section>
        )}
        <section className="card">
          <h2>Your functions</h2>
          {isPending && <p className="muted">Loading…</p>}
          {error && <p className="error">Could not load functions: {error.message}</p>}
          {functions && functions.length === 0 && <p className="muted">No functions yet.</p>}
          {functions && functions.length > 0 && (
            <table className="table" aria-label="Functions">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Language</th>
                  <th>Runtime</th>
                  <th>Last modified</th>
                  <th>Versions</th>
                </tr>
              </thead>
              <tbody>
                {functions.map((fn) => (
                  <tr key={fn.name}>
                    <td>
                      <Link href={`/functions/${enc(fn.name)}`} className="link">
                        {fn.name}
                      </Link>
                      {fn.description && <div className="muted small">{fn.description}</div>}
                    </td>
                    <td>{LANGUAGE_LABEL[fn.language]}</td>
                    <td className="mono">{fn.runtime}</td>
                    <td>{formatDate(fn.lastModified)}</td>
                    <td>{fn.publishedVersions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
