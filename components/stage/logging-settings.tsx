"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { otherProblems, problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import type { StageSectionProps } from "./stage-props";

type Choice = "OFF" | "CLF" | "JSON" | "CUSTOM";

const EXAMPLE = "$context.requestId $context.httpMethod $context.path $context.status $context.responseLatency ms";

/**
 * The stage's logging: access logs (off, CLF, JSON or a custom `$context`
 * template) here; the execution log level and data tracing are method
 * settings (`*\/*` and per method), edited in the method settings section.
 */
export function LoggingSettings({ apiId, stage, canEdit, patch }: StageSectionProps) {
  const current = stage.accessLogSettings?.format ?? null;
  const initial: Choice = current === null ? "OFF" : current === "CLF" || current === "JSON" ? current : "CUSTOM";
  const [choice, setChoice] = useState<Choice>(initial);
  const [custom, setCustom] = useState(initial === "CUSTOM" ? (current ?? "") : EXAMPLE);
  const star = stage.methodSettings["*/*"];
  const save = useMutation({
    mutationFn: () => patch({ accessLogSettings: choice === "OFF" ? null : { format: choice === "CUSTOM" ? custom : choice } }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const formatProblems = problemsFor(save.error, "accessLogSettings");
  return (
    <section className="card" aria-label="Logging">
      <h2>Logging</h2>
      <p className="muted small">
        Access logs record one entry per request in the chosen format; execution logs record each step of a request with its
        duration. Both are in the <Link href={`/logs?restApiId=${encodeURIComponent(apiId)}&stage=${encodeURIComponent(stage.stageName)}`}>logs explorer</Link>.
      </p>
      <form className="form form-compact" onSubmit={submit} noValidate aria-label="Access logging">
        <fieldset disabled={!canEdit} className="plain">
          <label>
            Access logs{" "}
            <select aria-label="Access log format" value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
              <option value="OFF">Off</option>
              <option value="CLF">On: CLF (Common Log Format)</option>
              <option value="JSON">On: JSON</option>
              <option value="CUSTOM">On: custom $context template</option>
            </select>
          </label>
          {choice === "CUSTOM" && (
            <label>
              Template (one line; must contain <span className="mono">$context.requestId</span>)
              <textarea className="mono" aria-label="Access log template" rows={3} value={custom} onChange={(e) => setCustom(e.target.value)} />
            </label>
          )}
          {formatProblems.map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
          <ErrorNotice error={save.error} problems={otherProblems(save.error, ["accessLogSettings"])} />
          {canEdit && (
            <div>
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save logging"}
              </button>
              {save.isSuccess && <span className="muted small"> Saved.</span>}
            </div>
          )}
        </fieldset>
      </form>
      <p className="muted small" data-testid="execution-log-level">
        Execution logs (stage default <span className="mono">*/*</span>): <strong>{star?.loggingLevel ?? "OFF"}</strong>
        {star?.dataTraceEnabled ? ", with full request and response data (secrets redacted)" : ""}. Set the level (OFF, ERROR,
        INFO) and data tracing for the stage or one method in the method settings above.
      </p>
    </section>
  );
}
