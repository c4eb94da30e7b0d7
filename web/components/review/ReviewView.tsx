"use client";

import { useCallback, useEffect, useState } from "react";
import { DataTable } from "@/components/chart/DataTable";
import { api, redirectToLogin } from "@/lib/api/client";
import type { ReviewItem, ReviewKind } from "@/lib/api/types";
import { formatDateTime, roleLabel, storesLabel } from "@/lib/format";

type Status = "open" | "reviewed";
const KINDS: { value: ReviewKind | ""; label: string }[] = [
  { value: "", label: "Every kind" },
  { value: "thumbs_down", label: "Thumbs down" },
  { value: "declined", label: "Declined" },
  { value: "low_confidence", label: "Low confidence" },
];
const KIND_LABELS: Record<string, string> = {
  thumbs_down: "Thumbs down",
  declined: "Declined",
  low_confidence: "Low confidence",
};

// The review queue: answers rated down, questions declined and answers the planner was unsure
// of. A reviewer opens one (its question, plan, SQL, rows re-run as the asker, the asker's
// comment), marks it right or wrong, and may write the corrected SQL — which the server checks
// with the copilot's guardrail and runs as the asker before saving it.
export function ReviewView() {
  const [status, setStatus] = useState<Status>("open");
  const [kind, setKind] = useState<ReviewKind | "">("");
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<ReviewItem | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.GET("/api/review", {
        params: { query: { status, limit: 100, ...(kind ? { kind } : {}) } },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) setItems(data.items);
      else
        setError(failure?.error.message ?? `The queue could not be loaded (${response.status}).`);
    } catch {
      setError("The review queue cannot be reached right now.");
    }
    setLoading(false);
  }, [status, kind]);

  useEffect(() => {
    // Loading is an effect of the chosen filters: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function openItem(item: ReviewItem) {
    setNotice(null);
    setError(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.GET("/api/review/{id}", { params: { path: { id: item.id } } });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) setOpen(data);
      else setError(failure?.error.message ?? `The item could not be loaded (${response.status}).`);
    } catch {
      setError("The item cannot be reached right now.");
    }
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Review</h1>
          <p className="page__sub">
            Answers rated down, questions declined and answers with words the planner did not
            understand (or a medium or high risk). A corrected SQL is checked by the guardrail and
            run as the person who asked before it is saved; reviewed corrections become examples for
            the model and cases for the evaluation.
          </p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="card filters">
        <div className="field">
          <label htmlFor="review-status">Status</label>
          <select
            id="review-status"
            className="select"
            value={status}
            onChange={(e) => setStatus(e.target.value === "reviewed" ? "reviewed" : "open")}
          >
            <option value="open">Open</option>
            <option value="reviewed">Reviewed</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="review-kind">Kind</label>
          <select
            id="review-kind"
            className="select"
            value={kind}
            onChange={(e) => setKind(e.target.value as ReviewKind | "")}
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {notice && (
        <div
          className="alert"
          role="status"
          style={{ marginTop: "var(--s4)" }}
          data-testid="review-notice"
        >
          {notice}
        </div>
      )}
      {error && (
        <div
          className="alert alert--danger"
          role="alert"
          style={{ marginTop: "var(--s4)" }}
          data-testid="review-error"
        >
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      {open && (
        <ReviewDetail
          item={open}
          onClose={() => setOpen(null)}
          onSaved={(message) => {
            setOpen(null);
            setNotice(message);
            void load();
          }}
        />
      )}
      <div aria-busy={loading} style={{ marginTop: "var(--s4)" }}>
        {!loading && items.length === 0 && (
          <div className="empty" data-testid="review-empty">
            Nothing {status === "open" ? "to review" : "reviewed yet"}.
          </div>
        )}
        <ul className="plain-list" data-testid="review-items">
          {items.map((item) => (
            <li
              key={item.id}
              className="card"
              style={{ marginBottom: "var(--s4)", padding: "var(--s4)" }}
              data-testid="review-item"
              data-request-id={item.request_id}
            >
              <h2 style={{ fontSize: 16, margin: 0 }}>{item.question}</h2>
              <p className="muted">
                {item.kinds.map((k) => (
                  <span key={k} className="badge" style={{ marginRight: "var(--s2)" }}>
                    {KIND_LABELS[k] ?? k}
                  </span>
                ))}
                {item.asker.username ?? "unknown"} · {roleLabel(item.asker.role ?? "")} ·{" "}
                {storesLabel(item.asker.store_ids, false)} · asked {formatDateTime(item.created_at)}{" "}
                · {item.status}
                {item.review && (
                  <>
                    {" "}
                    · marked {item.review.verdict} by {item.review.reviewed_by}
                  </>
                )}
              </p>
              {item.comment && <p>&ldquo;{item.comment}&rdquo;</p>}
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => void openItem(item)}
                aria-label={`Open: ${item.question}`}
              >
                Open
              </button>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

function ReviewDetail({
  item,
  onClose,
  onSaved,
}: {
  item: ReviewItem;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [verdict, setVerdict] = useState<"right" | "wrong">(item.review?.verdict ?? "wrong");
  const [sql, setSql] = useState(item.review?.corrected_sql ?? "");
  const [note, setNote] = useState(item.review?.note ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = item.rows;

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.POST("/api/review/{id}", {
        params: { path: { id: item.id } },
        body: { verdict, corrected_sql: sql.trim() === "" ? null : sql, note: note || null },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) {
        const count = data.review.correction_row_count;
        onSaved(
          `Marked ${data.review.verdict}` +
            (count !== null && count !== undefined
              ? `; the correction ran as ${item.asker.username ?? "the asker"} and returned ${count} row${count === 1 ? "" : "s"}.`
              : "."),
        );
      } else {
        setError(failure?.error.message ?? `Not saved (${response.status}).`);
      }
    } catch {
      setError("The verdict could not be sent.");
    }
    setBusy(false);
  }

  return (
    <section
      className="card"
      aria-labelledby="review-detail-title"
      style={{ marginTop: "var(--s4)", padding: "var(--s4)" }}
      data-testid="review-detail"
    >
      <h2 id="review-detail-title" style={{ fontSize: 18, marginTop: 0 }}>
        {item.question}
      </h2>
      <p className="muted">
        {item.asker.username ?? "unknown"} · {roleLabel(item.asker.role ?? "")} · request{" "}
        {item.request_id} · {item.status}
        {item.intent ? ` · ${item.intent}` : ""}
        {item.risk_level ? ` · risk ${item.risk_level}` : ""}
      </p>
      {item.comment && (
        <p data-testid="review-comment">
          <strong>Comment:</strong> {item.comment}
        </p>
      )}
      {item.error_message && (
        <p>
          <strong>Why it was declined:</strong> {item.error_message}
        </p>
      )}
      {item.not_understood && item.not_understood.length > 0 && (
        <p>
          <strong>Not understood:</strong> {item.not_understood.join(", ")}
        </p>
      )}
      <h3 style={{ fontSize: 15 }}>Plan</h3>
      <pre className="sql" aria-label="Semantic query" data-testid="review-plan">
        {item.semantic_query ? JSON.stringify(item.semantic_query, null, 2) : "No plan."}
      </pre>
      <h3 style={{ fontSize: 15 }}>SQL</h3>
      <pre className="sql" aria-label="SQL" data-testid="review-sql">
        {item.sql || "No statement ran."}
      </pre>
      <h3 style={{ fontSize: 15 }}>Rows</h3>
      {rows?.columns && rows.rows ? (
        <>
          <p className="muted">
            Run again as {rows.as?.role ? roleLabel(rows.as.role) : "the asker"} (
            {storesLabel(rows.as?.store_ids ?? [], false)}): {rows.row_count} row
            {rows.row_count === 1 ? "" : "s"}
            {rows.truncated ? `, the first ${rows.limit} shown` : ""}.
          </p>
          <DataTable columns={rows.columns} rows={rows.rows} caption="Rows, run again" />
        </>
      ) : (
        <p className="muted">{rows?.note ?? rows?.reason ?? "No rows."}</p>
      )}
      <form onSubmit={(e) => void save(e)} style={{ marginTop: "var(--s4)" }}>
        <fieldset className="field">
          <legend>Verdict</legend>
          <label>
            <input
              type="radio"
              name="verdict"
              value="right"
              checked={verdict === "right"}
              onChange={() => setVerdict("right")}
            />{" "}
            Right
          </label>{" "}
          <label>
            <input
              type="radio"
              name="verdict"
              value="wrong"
              checked={verdict === "wrong"}
              onChange={() => setVerdict("wrong")}
            />{" "}
            Wrong
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="review-corrected-sql">Corrected SQL (optional)</label>
          <textarea
            id="review-corrected-sql"
            className="textarea"
            rows={6}
            maxLength={20000}
            value={sql}
            onChange={(e) => setSql(e.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor="review-note">Note (optional)</label>
          <input
            id="review-note"
            className="input"
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {error && (
          <div className="alert alert--danger" role="alert" data-testid="review-save-error">
            <div className="alert__title">Not saved</div>
            <p>{error}</p>
          </div>
        )}
        <div className="filters">
          <button type="submit" className="button" disabled={busy}>
            Save verdict
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </section>
  );
}
