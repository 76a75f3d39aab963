"use client";

import { signIn } from "next-auth/react";
import { useSearchParams } from "next/navigation";
import { useState, useSyncExternalStore, type FormEvent } from "react";

const noop = () => () => {};

export function LoginForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // true only once React has attached: tests wait for it before typing.
  const hydrated = useSyncExternalStore(noop, () => true, () => false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    setPending(false);
    if (!result || result.error) {
      // Never say which of the two was wrong.
      setError("Invalid email or password.");
      return;
    }
    const next = params.get("callbackUrl");
    // A full navigation, so every server component renders with the new session.
    window.location.assign(next && next.startsWith("/") && !next.startsWith("//") ? next : "/apis");
  }

  return (
    <form onSubmit={onSubmit} className="form" data-hydrated={hydrated}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
