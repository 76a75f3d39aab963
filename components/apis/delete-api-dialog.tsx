"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { TRestApi } from "@/lib/schemas/management";
import { api, enc } from "../api/client";
import { keys } from "../api/keys";
import { ConfirmDialog } from "../ui/confirm-dialog";

export function DeleteApiDialog({ restApi, onClose, onDeleted }: { restApi: TRestApi; onClose: () => void; onDeleted?: () => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      title={`Delete ${restApi.name}?`}
      confirmLabel="Delete API"
      typeToConfirm={restApi.name}
      onClose={onClose}
      onConfirm={async () => {
        await api.delete(`/restapis/${enc(restApi.id)}`);
        queryClient.removeQueries({ queryKey: keys.restApi(restApi.id) });
        await queryClient.invalidateQueries({ queryKey: keys.restApis() });
        onDeleted?.();
      }}
    >
      <p>
        This deletes the API <strong>{restApi.name}</strong> (<span className="mono">{restApi.id}</span>) with all its resources,
        stages and deployments. Its invoke URLs stop answering.
      </p>
    </ConfirmDialog>
  );
}
