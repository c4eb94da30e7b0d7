"use client";

import { useCallback, useEffect, useState } from "react";
import { redirectToLogin } from "@/lib/api/client";
import type { AskResult } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";
import { AnswerView } from "@/components/ask/AnswerView";

interface SavedItem {
  saved_id: number;
  title: string;
  question: string;
  source_request_id: string | null;
  created_at: string;
  last_run_at: string | null;
  last_status: string | null;
  last_request_id: string | null;
}

interface ErrorBody {
  error?: { message?: string };
}

// The signed-in user's board: questions pinned from answers (or typed here), each re-run on
// demand as the viewer — their role and stores now, never those of when it was saved.
export function SavedBoard() {
  const [items, setItems] = useState<SavedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Record<number, AskResult | string>>({});
  const [running, setRunning] = useState<number | null>(null);
  const [draft, setDraft] = useState("");

  const load = useCallback(async () => {
    try {
      const response = await fetch("/api/saved", { cache: "no-store" });
      if (response.status === 401) redirectToLogin();
      const body = (await response.json()) as { saved?: SavedItem[] } & ErrorBody;
      if (response.ok && body.saved) {
        setItems(body.saved);
        setError(null);
      } else {
        setError(body.error?.message ?? `The board could not be loaded (${response.status}).`);
      }
    } catch {
      setError("The analytics service cannot be reached right now.");
    }
  }, []);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function run(item: SavedItem) {
    setRunning(item.saved_id);
    try {
      const response = await fetch(`/api/saved/${item.saved_id}/run`, { method: "POST" });
      const body = (await response.json()) as {
        saved?: SavedItem;
        result?: AskResult;
      } & ErrorBody;
      const updated = body.saved;
      if (updated) {
        setItems((all) => all?.map((i) => (i.saved_id === updated.saved_id ? updated : i)) ?? all);
      }
      setResults((r) => ({
        ...r,
        [item.saved_id]:
          response.ok && body.result
            ? body.result
            : (body.error?.message ?? `The question could not be run (${response.status}).`),
      }));
      if (!response.ok) void load();
    } catch {
      setResults((r) => ({ ...r, [item.saved_id]: "The analytics service cannot be reached." }));
    } finally {
      setRunning(null);
    }
  }

  async function remove(item: SavedItem) {
    const response = await fetch(`/api/saved/${item.saved_id}`, { method: "DELETE" }).catch(
      () => null,
    );
    if (response?.ok) setItems((all) => all?.filter((i) => i.saved_id !== item.saved_id) ?? all);
    else setError("The question could not be deleted.");
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const question = draft.trim();
    if (!question) return;
    const response = await fetch("/api/saved", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question }),
    }).catch(() => null);
    if (response?.ok) {
      setDraft("");
      void load();
    } else {
      const body = (await response?.json().catch(() => null)) as ErrorBody | null;
      setError(body?.error?.message ?? "The question could not be saved.");
    }
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Saved questions</h1>
          <p className="page__sub">
            Your board. Each question runs again when you press Run — with your role and stores as
            they are now, so it always shows what you may see today.
          </p>
        </div>
      </div>

      {error && (
        <div className="alert alert--danger" role="alert" data-testid="saved-error">
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}

      <form className="card" onSubmit={add} style={{ marginBottom: "var(--s3)" }}>
        <label htmlFor="saved-new">Save a question</label>{" "}
        <input
          id="saved-new"
          type="text"
          value={draft}
          maxLength={2000}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="e.g. Revenue by month"
          data-testid="saved-new"
        />{" "}
        <button type="submit" className="button button--secondary button--small">
          Save
        </button>
      </form>

      <section aria-labelledby="saved-list">
        <h2 id="saved-list">Your questions</h2>
        {!items ? (
          <p className="muted">Loading your board…</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="saved-empty">
            Nothing saved yet: use &ldquo;Save to board&rdquo; under an answer, or save a question
            above.
          </p>
        ) : (
          <ul className="plain-list" data-testid="saved-items">
            {items.map((item) => {
              const result = results[item.saved_id];
              return (
                <li key={item.saved_id} className="card" data-testid="saved-item">
                  <h3>{item.title}</h3>
                  {item.title !== item.question && <p className="muted">{item.question}</p>}
                  <p className="muted" data-testid="saved-last-run">
                    {item.last_run_at
                      ? `Last run ${formatDateTime(item.last_run_at)} — ${item.last_status ?? ""}`
                      : "Not run yet"}
                  </p>
                  <div className="actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void run(item)}
                      disabled={running !== null}
                      data-testid="saved-run"
                    >
                      {running === item.saved_id ? "Running…" : "Run"}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => void remove(item)}
                      aria-label={`Delete the saved question: ${item.title}`}
                    >
                      Delete
                    </button>
                  </div>
                  {typeof result === "string" && (
                    <p className="muted" role="status">
                      {result}
                    </p>
                  )}
                  {result && typeof result !== "string" && (
                    <AnswerView result={result} onAsk={() => undefined} latest={false} />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
