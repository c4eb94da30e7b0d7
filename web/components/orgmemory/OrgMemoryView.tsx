"use client";

import { useCallback, useEffect, useState } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { OrgMemoryEntry } from "@/lib/api/types";

// The organisation's glossary and rules in plain words, for admins: listed, added, deleted.
// Every change is a new version on the server, audited; entries only inform or narrow answers.
export function OrgMemoryView() {
  const [entries, setEntries] = useState<OrgMemoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [kind, setKind] = useState<"glossary" | "rule">("glossary");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const { data, error: failure, response } = await api.GET("/api/org/memory");
      if (response.status === 401) redirectToLogin();
      if (data) {
        setEntries(data.entries);
        setError(null);
      } else {
        setError(failure?.error.message ?? `The memory could not be loaded (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    }
  }, []);

  useEffect(() => {
    // Loading is an effect of opening the page: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function add(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const { error: failure, response } = await api.POST("/api/org/memory", {
        body: { kind, text },
      });
      if (response.status === 401) redirectToLogin();
      if (response.status === 201) {
        setText("");
        setNotice("Added.");
        await load();
      } else {
        setError(failure?.error.message ?? `Not added (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    } finally {
      setBusy(false);
    }
  }

  async function remove(entry: OrgMemoryEntry) {
    setBusy(true);
    setNotice(null);
    try {
      const { error: failure, response } = await api.DELETE("/api/org/memory/{id}", {
        params: { path: { id: entry.id } },
      });
      if (response.status === 401) redirectToLogin();
      if (response.ok) {
        setNotice("Deleted.");
        await load();
      } else {
        setError(failure?.error.message ?? `Not deleted (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Organisation memory</h1>
          <p className="page__sub">
            Your organisation&apos;s glossary and rules in plain words. The copilot retrieves them
            for the questions they concern and cites them in &ldquo;Why this answer&rdquo;; a rule
            it can enforce exactly (&ldquo;never show staff names&rdquo;) only ever narrows what is
            answered. Every change is kept as a new version.
          </p>
        </div>
      </div>
      {error && (
        <div className="alert alert--danger" role="alert" data-testid="memory-error">
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      {notice && (
        <p className="muted" role="status" data-testid="memory-notice">
          {notice}
        </p>
      )}
      <section aria-labelledby="memory-current">
        <h2 id="memory-current">In force</h2>
        {!entries ? (
          <p className="muted">Loading…</p>
        ) : entries.length === 0 ? (
          <p className="muted" data-testid="memory-empty">
            Nothing yet.
          </p>
        ) : (
          <ul className="plain-list" data-testid="memory-list">
            {entries.map((entry) => (
              <li key={entry.id} className="card" data-testid="memory-entry" data-id={entry.id}>
                <span className="badge">{entry.kind}</span> {entry.text}{" "}
                <span className="muted">
                  (version {entry.version}, {entry.created_by.username}
                  {entry.applied?.restriction
                    ? ", enforced"
                    : entry.applied?.definition
                      ? `, “${entry.applied.definition.term}” read as “${entry.applied.definition.meaning}”`
                      : entry.applied?.fiscal_year_start_month
                        ? ", fiscal periods read from it"
                        : ", context"}
                  )
                </span>{" "}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => void remove(entry)}
                  disabled={busy}
                  aria-label={`Delete: ${entry.text}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="memory-add">
        <h2 id="memory-add">Add</h2>
        <form onSubmit={(e) => void add(e)} className="card">
          <div className="field">
            <label htmlFor="memory-kind">Kind</label>
            <select
              id="memory-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value === "rule" ? "rule" : "glossary")}
            >
              <option value="glossary">Glossary (what a term means)</option>
              <option value="rule">Rule (what to do or never do)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="memory-text">In plain words</label>
            <textarea
              id="memory-text"
              className="textarea"
              rows={3}
              maxLength={1000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy || text.trim() === ""}>
            Add to memory
          </button>
        </form>
      </section>
    </>
  );
}
