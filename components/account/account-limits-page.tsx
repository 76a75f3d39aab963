"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, otherProblems, problemsFor } from "../api/client";
import { usePermissions } from "../current-user";
import { ErrorNotice } from "../ui/error-notice";

interface Throttle {
  rateLimit: number;
  burstLimit: number;
}
interface Account {
  throttleSettings: Throttle;
  defaults: Throttle;
  customized: boolean;
}

const FIELDS = ["throttleSettings.rateLimit", "throttleSettings.burstLimit"];

/** "Account limits": the account-level throttle every request passes (AWS GetAccount / UpdateAccount). Admins edit it. */
export function AccountLimitsPage() {
  const { data, error, isPending } = useQuery({ queryKey: ["account"], queryFn: () => api.get<Account>("/account") });
  return (
    <>
      <h1>Account limits</h1>
      {isPending ? <p className="muted">Loading…</p> : error ? <p className="error">{error.message}</p> : <AccountForm key={JSON.stringify(data)} account={data} />}
    </>
  );
}

function AccountForm({ account }: { account: Account }) {
  const queryClient = useQueryClient();
  const { canManageUsers: isAdmin } = usePermissions();
  const [rate, setRate] = useState(String(account.throttleSettings.rateLimit));
  const [burst, setBurst] = useState(String(account.throttleSettings.burstLimit));
  const number = (text: string) => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Account>("/account", body),
    onSuccess: (next) => queryClient.setQueryData(["account"], next),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ throttleSettings: { rateLimit: number(rate), burstLimit: number(burst) } });
  }
  return (
    <section className="card" aria-label="Account throttle">
      <h2>Account throttle</h2>
      <p className="muted small">
        Every request to every API passes this token bucket first (AWS&apos;s account-level throttling): the rate refills it each second, the
        burst is its size. Stage and method throttles cannot exceed it. Over it, clients get 429 Too Many Requests. A change applies on every
        gateway within a second, without a restart.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset disabled={!isAdmin} className="plain">
          <label>
            Rate (requests per second)
            <input className="num" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
            {problemsFor(save.error, "throttleSettings.rateLimit").map((m) => (
              <span key={m} className="field-error">
                {m}
              </span>
            ))}
          </label>
          <label>
            Burst (requests at once)
            <input className="num" inputMode="numeric" value={burst} onChange={(e) => setBurst(e.target.value)} />
            {problemsFor(save.error, "throttleSettings.burstLimit").map((m) => (
              <span key={m} className="field-error">
                {m}
              </span>
            ))}
          </label>
        </fieldset>
        <p className="muted small">
          Defaults from the settings (GATEHOUSE_ACCOUNT_RATE_LIMIT, GATEHOUSE_ACCOUNT_BURST_LIMIT): {account.defaults.rateLimit} req/s, burst{" "}
          {account.defaults.burstLimit}. {account.customized ? "An admin changed them." : "In use."}
        </p>
        <ErrorNotice error={save.error} problems={otherProblems(save.error, FIELDS)} />
        {isAdmin ? (
          <div>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              Save account limits
            </button>{" "}
            {account.customized && (
              <button type="button" className="button" disabled={save.isPending} onClick={() => save.mutate({ reset: true })}>
                Reset to the defaults
              </button>
            )}
          </div>
        ) : (
          <p className="muted small">Only admins change account limits.</p>
        )}
      </form>
    </section>
  );
}
