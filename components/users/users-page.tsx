"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { TUser } from "@/lib/schemas/management";
import { api, enc } from "../api/client";
import { keys } from "../api/keys";
import { useUsers } from "../api/use-users";
import { useCurrentUser } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { CopySecret } from "../ui/copy-secret";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { formatDate } from "../ui/format";
import { InviteUserDialog } from "./invite-user-dialog";
import { ROLES } from "./roles";

type Confirm = { kind: "reset" | "delete"; user: TUser };

export function UsersPage() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const { data: users, error, isPending } = useUsers();
  const [inviting, setInviting] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [newPassword, setNewPassword] = useState<{ email: string; password: string } | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: keys.users() });
  const update = useMutation({
    mutationFn: ({ user, patch }: { user: TUser; patch: Partial<Pick<TUser, "role" | "disabled">> }) =>
      api.patch<TUser>(`/users/${enc(user.id)}`, { version: user.version, ...patch }),
    onSuccess: reload,
  });

  return (
    <>
      <header className="page-header page-header-row">
        <div>
          <h1>Users</h1>
          <p className="muted small">
            Roles: <strong>admin</strong> everything; <strong>owner</strong> creates, edits and deploys APIs; <strong>tester</strong>{" "}
            reads and runs tests; <strong>viewer</strong> reads.
          </p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setInviting(true)}>
          Invite user
        </button>
      </header>
      <ErrorNotice
        error={update.error}
        onReload={async () => {
          await reload();
          update.reset();
        }}
      />
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Could not load users: {error.message}</p>}
      {users && (
        <table className="table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Created</th>
              <th className="actions-col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.email} {user.id === me?.id && <span className="badge badge-muted">you</span>}
                </td>
                <td>{user.name || <span className="muted">—</span>}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ user, patch: { role: e.target.value as TUser["role"] } })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{user.disabled ? <span className="badge badge-danger">disabled</span> : <span className="badge badge-ok">active</span>}</td>
                <td className="small">{formatDate(user.createdDate)}</td>
                <td className="actions-col">
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
                      disabled={update.isPending}
                      onClick={() => update.mutate({ user, patch: { disabled: !user.disabled } })}
                    >
                      {user.disabled ? "Enable" : "Disable"}
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Reset password of ${user.email}`}
                      onClick={() => setConfirm({ kind: "reset", user })}
                    >
                      Reset password
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={`Delete ${user.email}`}
                      onClick={() => setConfirm({ kind: "delete", user })}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inviting && <InviteUserDialog onClose={() => setInviting(false)} />}
      {confirm?.kind === "reset" && (
        <ConfirmDialog
          title={`Reset the password of ${confirm.user.email}?`}
          confirmLabel="Reset password"
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            const { password } = await api.post<{ password: string }>(`/users/${enc(confirm.user.id)}/password`, {});
            setNewPassword({ email: confirm.user.email, password });
            await reload();
          }}
        >
          <p>A new password is generated and shown once; the old one stops working.</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${confirm.user.email}?`}
          confirmLabel="Delete user"
          onClose={() => setConfirm(null)}
          onReload={reload}
          onConfirm={async () => {
            await api.delete(`/users/${enc(confirm.user.id)}`);
            await reload();
          }}
        >
          <p>The user can no longer sign in and their access tokens stop working.</p>
        </ConfirmDialog>
      )}
      {newPassword && (
        <Dialog title="New password" onClose={() => setNewPassword(null)}>
          <p>
            The new password of <strong>{newPassword.email}</strong>:
          </p>
          <CopySecret label="Password" value={newPassword.password} />
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={() => setNewPassword(null)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
