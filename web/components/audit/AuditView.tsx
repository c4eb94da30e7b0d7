"use client";

import { Fragment, useCallback, useEffect, useState, type FormEvent } from "react";
import { api, redirectToLogin } from "@/lib/api/client";
import type { AuditPage } from "@/lib/api/types";
import { formatDateTime, formatMs, roleLabel } from "@/lib/format";
import { AuditTimeline } from "./AuditTimeline";

const PAGE_SIZE = 25;
const STATUSES = ["", "ok", "needs_clarification", "refused", "failed"];

interface Filters {
  status: string;
  user: string;
}

function statusTone(status: string): string {
  if (status === "ok" || status === "completed") return "badge--ok";
  if (status === "refused" || status === "failed") return "badge--danger";
  return "badge--warn";
}

export function AuditView() {
  const [draft, setDraft] = useState<Filters>({ status: "", user: "" });
  const [filters, setFilters] = useState<Filters>({ status: "", user: "" });
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.GET("/api/audit", {
        params: {
          query: {
            limit: PAGE_SIZE,
            offset,
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.user ? { user: filters.user } : {}),
          },
        },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) setPage(data);
      else
        setError(
          failure?.error.message ?? `The audit trail could not be loaded (${response.status}).`,
        );
    } catch {
      setError("The audit service cannot be reached right now.");
    }
    setLoading(false);
  }, [filters, offset]);

  useEffect(() => {
    // Loading is an effect of the filters and the page: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setOffset(0);
    setSelected(null);
    setFilters({ status: draft.status, user: draft.user.trim() });
  }

  const total = page?.total ?? 0;
  return (
    <>
      <div className="page__head">
        <div>
          <h1>Audit trail</h1>
          <p className="page__sub">Every question, who asked it, and what each stage did.</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <form className="card filters" onSubmit={apply} aria-label="Filter requests">
        <div className="field">
          <label htmlFor="audit-status">Status</label>
          <select
            id="audit-status"
            className="select"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "" ? "Any status" : s.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-user">User</label>
          <input
            id="audit-user"
            className="input"
            placeholder="username"
            value={draft.user}
            onChange={(e) => setDraft({ ...draft, user: e.target.value })}
          />
        </div>
        <button className="button" type="submit">
          Apply filters
        </button>
      </form>

      {error && (
        <div className="alert alert--danger" role="alert" style={{ marginTop: "var(--s4)" }}>
          <div className="alert__title">Could not load the audit trail</div>
          <p>{error}</p>
        </div>
      )}

      <div className="card audit-list" aria-busy={loading}>
        {page && page.items.length === 0 && !loading && (
          <div className="empty">No requests match these filters.</div>
        )}
        {page && page.items.length > 0 && (
          <div style={{ overflowX: "auto" }}>
            <table className="audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">User</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="hide-narrow">
                    Total
                  </th>
                  <th scope="col" className="hide-narrow">
                    When
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => {
                  const open = selected === item.request_id;
                  return (
                    <Fragment key={item.request_id}>
                      <tr className={open ? "is-selected" : ""} data-testid="audit-row">
                        <td>
                          <button
                            type="button"
                            className="audit-row__open"
                            aria-expanded={open}
                            aria-controls={`audit-${item.request_id}`}
                            onClick={() => setSelected(open ? null : item.request_id)}
                          >
                            {item.question || "(no question)"}
                          </button>
                        </td>
                        <td>
                          {item.username ?? "—"}
                          <div className="muted" style={{ fontSize: 12 }}>
                            {item.role ? roleLabel(item.role) : ""}
                          </div>
                        </td>
                        <td>
                          <span className={`badge ${statusTone(item.status)}`}>{item.status}</span>
                        </td>
                        <td className="hide-narrow">{formatMs(item.total_ms)}</td>
                        <td className="hide-narrow">{formatDateTime(item.created_at)}</td>
                      </tr>
                      {open && (
                        <tr className="audit-detail" id={`audit-${item.request_id}`}>
                          <td colSpan={5}>
                            <AuditTimeline item={item} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {page && (
          <div className="pager">
            <span>
              {total === 0
                ? "0 requests"
                : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}`}
            </span>
            <span className="actions">
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={offset === 0 || loading}
                onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              >
                Previous
              </button>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={offset + PAGE_SIZE >= total || loading}
                onClick={() => setOffset(offset + PAGE_SIZE)}
              >
                Next
              </button>
            </span>
          </div>
        )}
        {!page && loading && <div className="empty">Loading…</div>}
      </div>
    </>
  );
}
