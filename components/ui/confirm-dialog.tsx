"use client";

import { useState, type ReactNode } from "react";
import { Dialog } from "./dialog";
import { ErrorNotice } from "./error-notice";
import { Field } from "./field";

/**
 * Asks before something destructive. With `typeToConfirm`, the confirm button
 * stays disabled until that text is typed.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  typeToConfirm,
  onConfirm,
  onClose,
  onReload,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  typeToConfirm?: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  /** Offered on a 409 conflict: reloads what the dialog acts on (and closes it). */
  onReload?: () => Promise<unknown> | void;
}) {
  const [typed, setTyped] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ready = !typeToConfirm || typed === typeToConfirm;
  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{children}</div>
      {typeToConfirm && (
        <Field
          label={
            <>
              Type <strong className="mono">{typeToConfirm}</strong> to confirm
            </>
          }
        >
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus autoComplete="off" />
        </Field>
      )}
      <ErrorNotice
        error={error}
        onReload={
          onReload &&
          (async () => {
            await onReload();
            onClose();
          })
        }
      />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={!ready || pending} onClick={confirm}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
