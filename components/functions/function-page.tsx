"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TFunction } from "@/lib/schemas/functions";
import { api, enc } from "../api/client";
import { functionKeys, useFunction } from "../api/use-functions";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { formatDate } from "../ui/format";
import { CodeTab } from "./code-tab";
import { LogsTab } from "./logs-tab";
import { PolicySection } from "./policy-section";
import { SettingsTab } from "./settings-tab";
import { TestTab } from "./test-tab";
import { VersionsTab } from "./versions-tab";
import "./functions.css";

const TABS = [
  { id: "code", label: "Code" },
  { id: "test", label: "Test" },
  { id: "settings", label: "Settings" },
  { id: "versions", label: "Versions" },
  { id: "logs", label: "Logs" },
] as const;
type TabId = (typeof TABS)[number]["id"];

// Preloads Monaco for the code and test tabs.
const Preload = dynamic(() => import("./monaco-editors").then(() => () => null), { ssr: false });

export function FunctionPage({ name }: { name: string }) {
  const { data: fn, error, isPending, refetch } = useFunction(name);
  const [tab, setTab] = useState<TabId>("code");
  const { canEdit } = usePermissions();
  const [deleting, setDeleting] = useState(false);
  // The $LATEST revision the settings tab saved, so its "Saved." survives the remount that revision causes.
  const [settingsSavedVersion, setSettingsSavedVersion] = useState<number | null>(null);
  const router = useRouter();
  const queryClient = useQueryClient();

  if (isPending) return <p className="muted">Loading…</p>;
  if (error || !fn) return <p className="error">Could not load function {name}: {error?.message}</p>;

  const onSaved = (updated: TFunction) => {
    queryClient.setQueryData(functionKeys.one(name), updated);
    void queryClient.invalidateQueries({ queryKey: functionKeys.all(), exact: true });
  };

  return (
    <>
      <Preload />
      <header className="page-header page-header-row">
        <div>
          <p className="muted small">
            <Link href="/functions" className="link">
              Functions
            </Link>{" "}
            /
          </p>
          <h1>{fn.name}</h1>
          <p className="muted small">
            {fn.language === "typescript" ? "TypeScript" : "JavaScript"} · {fn.runtime} · handler <span className="mono">{fn.handler}</span> · last
            modified {formatDate(fn.lastModified)} · $LATEST revision {fn.version}
          </p>
        </div>
        {canEdit && (
          <div className="header-actions">
            <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
              Delete function
            </button>
          </div>
        )}
      </header>
      <div className="fn-tabs" role="tablist" aria-label="Function">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {/* The code tab stays mounted so unsaved edits survive switching tabs. */}
      <div hidden={tab !== "code"}>
        <CodeTab fn={fn} canEdit={canEdit} onSaved={onSaved} reload={() => void refetch()} />
      </div>
      {tab === "test" && <TestTab fn={fn} />}
      {tab === "settings" && (
        <SettingsTab
          key={fn.version}
          fn={fn}
          canEdit={canEdit}
          onSaved={(updated) => {
            setSettingsSavedVersion(updated.version);
            onSaved(updated);
          }}
          reload={() => void refetch()}
          justSaved={settingsSavedVersion === fn.version}
          onEdit={() => setSettingsSavedVersion(null)}
        />
      )}
      {tab === "settings" && <PolicySection name={fn.name} />}
      {tab === "versions" && <VersionsTab fn={fn} canEdit={canEdit} />}
      {tab === "logs" && <LogsTab fn={fn} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete function ${fn.name}?`}
          confirmLabel="Delete function"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(`/functions/${enc(fn.name)}`);
            await queryClient.invalidateQueries({ queryKey: functionKeys.all() });
            router.push("/functions");
          }}
        >
          <p>Its code, published versions and settings are removed. Methods using it must point elsewhere first.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
