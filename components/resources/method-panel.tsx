"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { ArnContext } from "@/lib/arn";
import type { TMethod, TResource } from "@/lib/schemas/management";
import { api } from "../api/client";
import { keys } from "../api/keys";
import { usePermissions } from "../current-user";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { MethodTester } from "../tester/method-tester";
import type { BoxProps } from "./box-props";
import { IntegrationRequestBox } from "./integration-request-box";
import { IntegrationResponsesBox } from "./integration-responses-box";
import { MethodRequestBox } from "./method-request-box";
import { MethodResponsesBox } from "./method-responses-box";
import { methodPath } from "./tree";

/** One method as AWS's "method execution": four boxes, each edited and saved on its own. */
export function MethodPanel({
  apiId,
  resource,
  method,
  arn,
  onDeleted,
}: {
  apiId: string;
  resource: TResource;
  method: TMethod;
  arn: ArnContext;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [generation, setGeneration] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [testing, setTesting] = useState(false);
  // Each box keeps its draft and the version it read until it saves (then the version the server returned).
  // Only Reload remounts the boxes with the server's data.
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: keys.resources(apiId) }), [queryClient, apiId]);
  const reload = useCallback(async () => {
    await refresh();
    setGeneration((g) => g + 1);
  }, [refresh]);
  const base = methodPath(apiId, resource.id, method.httpMethod);
  const props: BoxProps = { apiId, resource, method, base, canEdit, refresh, reload };
  const type = method.methodIntegration?.type;
  const proxy = type === "HTTP_PROXY" || type === "AWS_PROXY";

  return (
    <section className="card" aria-label={`Method ${method.httpMethod} ${resource.path}`}>
      <div className="panel-header">
        <div>
          <h2>
            <span className="badge">{method.httpMethod}</span> <span className="mono">{resource.path}</span>
          </h2>
          <div className="muted small">Method execution</div>
        </div>
        <div className="row-actions">
          <button type="button" className="button" aria-pressed={testing} onClick={() => setTesting(!testing)}>
            {testing ? "Close test" : "Test"}
          </button>
          {canEdit && (
            <button type="button" className="button button-danger-outline" onClick={() => setDeleting(true)}>
              Delete method
            </button>
          )}
        </div>
      </div>
      <div className="flow muted small" aria-hidden="true">
        <span>Client</span>→<span>Method Request</span>→<span>Integration Request</span>→<span>Backend</span>→
        <span>Integration Response</span>→<span>Method Response</span>→<span>Client</span>
      </div>
      {proxy && (
        <p className="muted small">
          A proxy integration passes the backend&apos;s status, headers and body through: integration and method responses are
          not used for it.
        </p>
      )}
      {testing && (
        <MethodTester
          target={{ restApiId: apiId, resourceId: resource.id, resourcePath: resource.path, httpMethod: method.httpMethod }}
          requestModels={method.requestModels}
        />
      )}
      <div className="execution">
        <MethodRequestBox key={`method-request-${generation}`} {...props} />
        <IntegrationRequestBox key={`integration-request-${generation}`} {...props} arn={arn} />
        <MethodResponsesBox key={`method-responses-${generation}`} {...props} />
        <IntegrationResponsesBox key={`integration-responses-${generation}`} {...props} />
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${method.httpMethod} ${resource.path}?`}
          confirmLabel="Delete method"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(base);
            await queryClient.invalidateQueries({ queryKey: keys.resources(apiId) });
            onDeleted();
          }}
        >
          <p>The method, its integration and its responses are deleted. Deployed stages are unchanged until the next deploy.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
