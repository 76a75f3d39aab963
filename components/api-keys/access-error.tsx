"use client";

import { ApiError, type FieldProblem } from "../api/client";
import { ErrorNotice } from "../ui/error-notice";

/**
 * ErrorNotice, except that a 409 here is a rule (duplicate key value, one plan
 * per key per stage), not an edit conflict: its message is shown as is.
 */
export function AccessError({ error, problems }: { error: unknown; problems?: FieldProblem[] }) {
  if (error instanceof ApiError && error.isConflict && !/changed by someone else|changed this at the same time/.test(error.message)) {
    return (
      <div role="alert" className="banner banner-error">
        {error.message}
      </div>
    );
  }
  return <ErrorNotice error={error} problems={problems} />;
}
