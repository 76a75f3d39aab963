"use client";

import { KeyValueRows } from "../ui/key-value-rows";
import { BodyEditor } from "./body-editor";
import { bodyIsJson, jsonProblem, type TesterDraft } from "./draft";

/**
 * The tester's request form: path parameters, query string, headers, body
 * (Monaco; JSON with the method's request model as schema) and, for a method
 * test, stage variables. Invalid JSON is flagged, not blocked.
 */
export function RequestEditor({
  draft,
  onChange,
  bodySchema,
  showStageVariables = true,
  disabled = false,
}: {
  draft: TesterDraft;
  onChange: (draft: TesterDraft) => void;
  bodySchema?: string | null;
  showStageVariables?: boolean;
  disabled?: boolean;
}) {
  const set = (patch: Partial<TesterDraft>) => onChange({ ...draft, ...patch });
  const json = bodyIsJson(draft);
  const problem = json ? jsonProblem(draft.body) : null;
  return (
    <div className="tester-request">
      {draft.pathParameters.length > 0 && (
        <KeyValueRows label="Path parameters" rows={draft.pathParameters} onChange={(pathParameters) => set({ pathParameters })} disabled={disabled} />
      )}
      <KeyValueRows label="Query string" rows={draft.query} onChange={(query) => set({ query })} disabled={disabled} />
      <KeyValueRows label="Headers" rows={draft.headers} onChange={(headers) => set({ headers })} disabled={disabled} />
      {showStageVariables && (
        <KeyValueRows label="Stage variables" rows={draft.stageVariables} onChange={(stageVariables) => set({ stageVariables })} disabled={disabled} />
      )}
      <div className="tester-body">
        <div className="muted small">
          Body{json ? " (JSON" : ""}
          {json && bodySchema ? ", completion from the request model)" : json ? ")" : ""}
        </div>
        <BodyEditor value={draft.body} onChange={(body) => set({ body })} language={json ? "json" : "plaintext"} schema={json ? bodySchema : null} />
        {problem && (
          <p className="field-error" role="status" data-testid="tester-body-problem">
            The body is not valid JSON ({problem}). You can still send it.
          </p>
        )}
      </div>
    </div>
  );
}
