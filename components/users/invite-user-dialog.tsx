"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TUser } from "@/lib/schemas/management";
import { api, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { CopySecret } from "../ui/copy-secret";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";
import { ROLES } from "./roles";

const FIELDS = ["email", "name", "role", "password"];

export function InviteUserDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TUser["role"]>("viewer");
  const create = useMutation({
    mutationFn: () => api.post<{ user: TUser; password?: string }>("/users", { email, name, role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.users() }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog title="Invite user" onClose={onClose}>
      {create.isSuccess ? (
        <div className="form">
          <p role="status" className="success">
            Created <strong>{create.data.user.email}</strong> as {create.data.user.role}.
          </p>
          {create.data.password && <CopySecret label="Generated password" value={create.data.password} />}
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="Email" errors={problemsFor(create.error, "email")}>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
          </Field>
          <Field label="Name" errors={problemsFor(create.error, "name")}>
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Role" errors={problemsFor(create.error, "role")}>
            <select value={role} onChange={(e) => setRole(e.target.value as TUser["role"])}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <p className="muted small">A password is generated and shown once.</p>
          <ErrorNotice error={create.error} problems={otherProblems(create.error, FIELDS)} />
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? "Inviting…" : "Invite"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
