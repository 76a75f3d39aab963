"use client";

import { useState } from "react";

/** A secret shown once, with a copy button. */
export function CopySecret({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard access needs a secure context; the value stays selectable.
      setCopied(false);
    }
  }
  return (
    <div className="secret">
      <div className="muted small">{label} — shown only once; copy it now.</div>
      <div className="secret-row">
        <output className="mono secret-value" aria-label={label}>
          {value}
        </output>
        <button type="button" className="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
