"use client";

import { useCallback, useEffect, useState } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { PolicyVersion, PolicyVersionSummary } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

function pretty(rules: unknown): string {
  return JSON.stringify(rules, null, 2);
}

function author(version: { source: string; created_by?: { username: string } | null }): string {
  return version.created_by ? version.created_by.username : "the rules file (seed)";
}

interface Conflict {
  current: number;
  edited: number;
}

// The policy's rules as data: the version in force, a JSON editor, and the history. Saving
// sends the editor's text as it is: the gateway checks it with the copilot's own compiler and
// answers with the error (shown under the editor) or the new version, which the copilot enforces
// within 5 seconds. Saves are made on the version that was loaded: when another admin saved
// meanwhile, nothing is saved and the edits stay in the editor.
export function PoliciesView() {
  const [current, setCurrent] = useState<PolicyVersion | null>(null);
  const [history, setHistory] = useState<PolicyVersionSummary[]>([]);
  const [text, setText] = useState("");
  const [editingFrom, setEditingFrom] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [compileError, setCompileError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      const [policy, versions] = await Promise.all([
        api.GET("/api/policies"),
        api.GET("/api/policies/versions", { params: { query: { limit: 20 } } }),
      ]);
      if (policy.response.status === 401 || versions.response.status === 401) {
        redirectToLogin();
        return;
      }
      if (policy.data) {
        setCurrent(policy.data);
        setText(pretty(policy.data.rules));
        setEditingFrom(policy.data.version);
      } else {
        setLoadError(
          policy.error?.error.message ??
            `The policy could not be loaded (${policy.response.status}).`,
        );
      }
      if (versions.data) setHistory(versions.data.versions);
    } catch {
      setLoadError("The policy cannot be reached right now.");
    }
    setConflict(null);
    setCompileError(null);
    setLoading(false);
  }, []);

  useEffect(() => {
    // Loading is an effect of opening the page: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function loadVersion(version: number) {
    setNotice(null);
    try {
      const { data, error, response } = await api.GET("/api/policies/versions/{version}", {
        params: { path: { version: String(version) } },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) {
        setText(pretty(data.rules));
        setEditingFrom(data.version);
        setCompileError(null);
      } else {
        setLoadError(error?.error.message ?? `Version ${version} could not be loaded.`);
      }
    } catch {
      setLoadError(`Version ${version} cannot be reached right now.`);
    }
  }

  async function save() {
    if (!current) return;
    setSaving(true);
    setNotice(null);
    setCompileError(null);
    setConflict(null);
    try {
      const { data, error, response } = await api.PUT("/api/policies", {
        body: { rules: text, comment, base_version: current.version },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) {
        setNotice(
          `Saved version ${data.version}. The copilot enforces it within 5 seconds, without a restart.`,
        );
        setComment("");
        await load();
      } else if (response.status === 422) {
        setCompileError(error?.error.message ?? "The policy was refused.");
      } else if (response.status === 409) {
        const latest = (error?.error as { current_version?: number } | undefined)?.current_version;
        setConflict({ current: latest ?? current.version, edited: current.version });
      } else {
        setLoadError(error?.error.message ?? `The policy could not be saved (${response.status}).`);
      }
    } catch {
      setLoadError("The policy could not be sent.");
    }
    setSaving(false);
  }

  const edited = current !== null && text !== pretty(current.rules);

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Policies</h1>
          <p className="page__sub">
            The rules every question is checked against before any SQL is written: write intent,
            prompt injection, personal data, what each role may ask, stores outside scope. Each save
            is a new version, checked before it is saved and enforced within 5 seconds.
          </p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Reload
        </button>
      </div>
      {loadError && (
        <div className="alert alert--danger" role="alert" style={{ marginBottom: "var(--s4)" }}>
          <div className="alert__title">Something went wrong</div>
          <p>{loadError}</p>
        </div>
      )}
      {notice && (
        <div
          className="alert"
          role="status"
          style={{ marginBottom: "var(--s4)" }}
          data-testid="policy-notice"
        >
          {notice}
        </div>
      )}
      {current && (
        <section className="card" style={{ padding: "var(--s4)" }} aria-busy={loading}>
          <h2 style={{ fontSize: 16, margin: 0 }}>
            Version <span data-testid="policy-version">{current.version}</span> is in force
          </h2>
          <p className="muted" data-testid="policy-meta">
            Saved by {author(current)} on {formatDateTime(current.created_at)}
            {current.comment ? ` — ${current.comment}` : ""}
          </p>
          {editingFrom !== null && editingFrom !== current.version && (
            <p className="muted" data-testid="policy-editing-from">
              The editor holds version {editingFrom}: saving it makes it version{" "}
              {current.version + 1}.
            </p>
          )}
          <div className="field">
            <label htmlFor="policy-editor">Rules (JSON)</label>
            <textarea
              id="policy-editor"
              className="textarea policy-editor"
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              rows={28}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setCompileError(null);
              }}
              aria-invalid={compileError !== null}
              aria-describedby={compileError ? "policy-error" : undefined}
            />
          </div>
          {compileError && (
            <div
              id="policy-error"
              className="alert alert--danger"
              role="alert"
              data-testid="policy-error"
              style={{ marginTop: "var(--s3)" }}
            >
              <div className="alert__title">Not saved: the rules do not compile</div>
              <p className="policy-error__text">{compileError}</p>
            </div>
          )}
          {conflict && (
            <div
              className="alert alert--warn"
              role="alert"
              data-testid="policy-conflict"
              style={{ marginTop: "var(--s3)" }}
            >
              <div className="alert__title">
                Not saved: version {conflict.current} was saved while you were editing
              </div>
              <p>
                You edited version {conflict.edited}; another admin has saved version{" "}
                {conflict.current} since, so nothing was saved. Your text is still in the editor:
                copy what you need, load version {conflict.current}, and make your change again.
              </p>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => void load()}
              >
                Load version {conflict.current} (discards your edits)
              </button>
            </div>
          )}
          <div className="filters" style={{ marginTop: "var(--s3)" }}>
            <div className="field policy-comment">
              <label htmlFor="policy-comment">Comment</label>
              <input
                id="policy-comment"
                className="input"
                maxLength={2000}
                value={comment}
                placeholder="What changed, and why"
                onChange={(e) => setComment(e.target.value)}
              />
            </div>
            <button
              type="button"
              className="button"
              disabled={saving || loading}
              onClick={() => void save()}
            >
              Save as version {current.version + 1}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={saving || !edited}
              onClick={() => {
                setText(pretty(current.rules));
                setEditingFrom(current.version);
                setCompileError(null);
              }}
            >
              Discard edits
            </button>
          </div>
        </section>
      )}
      <section style={{ marginTop: "var(--s5)" }}>
        <h2 style={{ fontSize: 16 }}>History</h2>
        {!loading && history.length === 0 && <div className="empty">No versions yet.</div>}
        <ul className="plain-list policy-history" data-testid="policy-history">
          {history.map((v) => (
            <li
              key={v.version}
              className="card policy-history__item"
              data-testid="policy-history-item"
              data-version={v.version}
            >
              <div>
                <strong>Version {v.version}</strong>
                {current?.version === v.version && (
                  <span className="badge badge--ok">in force</span>
                )}
                <div className="muted">
                  {author(v)} · {formatDateTime(v.created_at)} · {v.rule_count} rules
                  {v.comment ? ` · ${v.comment}` : ""}
                </div>
              </div>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => void loadVersion(v.version)}
              >
                Open in editor
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
