"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { problemsFor } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

/** "Add … response": a status code, then a PUT with defaults. */
export function AddStatusForm({
  label,
  existing,
  onAdd,
}: {
  label: string;
  existing: string[];
  onAdd: (status: string) => Promise<unknown>;
}) {
  const [status, setStatus] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const add = useMutation({ mutationFn: onAdd });
  function submit(event: FormEvent) {
    event.preventDefault();
    const code = status.trim();
    if (!/^[1-5]\d\d$/.test(code)) return setLocalError("A status code is three digits, 100–599");
    if (existing.includes(code)) return setLocalError(`${code} already exists`);
    setLocalError(null);
    add.mutate(code);
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={label}>
      <Field label={`${label}: status code`} errors={[...(localError ? [localError] : []), ...problemsFor(add.error, "statusCode")]}>
        <input value={status} onChange={(e) => setStatus(e.target.value)} placeholder="200" inputMode="numeric" size={5} />
      </Field>
      <button type="submit" className="button" disabled={add.isPending}>
        {label}
      </button>
      <ErrorNotice error={add.error} />
    </form>
  );
}
