"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TRestApi } from "@/lib/schemas/management";
import { api, otherProblems, problemsFor } from "../api/client";
import { keys } from "../api/keys";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { Field } from "../ui/field";

const FIELDS = ["name", "description", "cloneFrom"] as const;

export function CreateApiDialog({ apis, onClose }: { apis: TRestApi[]; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [cloneFrom, setCloneFrom] = useState("");
  const create = useMutation({
    mutationFn: () => api.post<TRestApi>("/restapis", { name, description, ...(cloneFrom ? { cloneFrom } : {}) }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: keys.restApis() });
      router.push(`/apis/${created.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Dialog title="Create API" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <Field label="Name" errors={problemsFor(create.error, "name")}>
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </Field>
        <Field label="Description" errors={problemsFor(create.error, "description")}>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </Field>
        <Field
          label="Clone from"
          errors={problemsFor(create.error, "cloneFrom")}
          hint="Copies the resources, methods and integrations of an existing API."
        >
          <select value={cloneFrom} onChange={(e) => setCloneFrom(e.target.value)}>
            <option value="">Nothing: a blank API</option>
            {apis.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.id})
              </option>
            ))}
          </select>
        </Field>
        <ErrorNotice error={create.error} problems={otherProblems(create.error, FIELDS)} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
