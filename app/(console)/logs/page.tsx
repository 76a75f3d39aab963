import { Suspense } from "react";
import { LogsExplorer } from "@/components/logs/logs-explorer";

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <LogsExplorer />
    </Suspense>
  );
}
