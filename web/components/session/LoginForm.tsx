"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { isErrorBody } from "@/lib/api/client";

export function LoginForm({
  expired,
  passwordLogin,
  provider,
}: {
  expired: boolean;
  passwordLogin: boolean;
  /** The identity provider's name when sign-in through it is configured. */
  provider: string | null;
}) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(
    expired ? "Your session ended. Sign in again." : null,
  );
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: username.trim(), password }),
        credentials: "same-origin",
      });
      if (response.ok) {
        router.replace("/analytics");
        router.refresh();
        return;
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.status === 401) setError("Wrong username or password.");
      else if (response.status === 429) {
        const wait =
          isErrorBody(body) && body.error.retry_after_s !== undefined
            ? Math.ceil(body.error.retry_after_s)
            : Number(response.headers.get("retry-after") ?? 0);
        setError(`Too many sign-in attempts. Try again in ${wait > 0 ? `${wait} s` : "a moment"}.`);
      } else if (response.status >= 500) {
        setError("The sign-in service is unavailable. Try again in a moment.");
      } else {
        setError(isErrorBody(body) ? body.error.message : "Sign-in failed.");
      }
    } catch {
      setError("The app could not be reached. Check your connection.");
    }
    setBusy(false);
  }

  return (
    <form className="card login__card" onSubmit={submit} aria-labelledby="login-title">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          AC
        </span>
        Analytics Copilot
      </div>
      <div>
        <h1 id="login-title">Sign in</h1>
        <p className="login__hint">Ask questions about rentals, revenue and customers.</p>
      </div>
      {error && (
        <div className="alert alert--danger" role="alert" data-testid="login-error">
          {error}
        </div>
      )}
      {provider && (
        <a className="button" href="/auth/oidc/start" data-testid="oidc-sign-in">
          Sign in with {provider}
        </a>
      )}
      {provider && passwordLogin && <p className="login__hint">or with a username and password</p>}
      {passwordLogin && (
        <>
          <div className="field">
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              className="input"
              autoComplete="username"
              autoFocus={!provider}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              className="input"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button className="button" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </>
      )}
    </form>
  );
}
