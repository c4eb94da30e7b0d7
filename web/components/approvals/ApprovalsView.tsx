"use client";

import { useCallback, useEffect, useState } from "react";
import { RiskSummary } from "@/components/ask/RiskSummary";
import { api, redirectToLogin } from "@/lib/api/client";
import type { Approval } from "@/lib/api/types";
import { formatDateTime, roleLabel, storesLabel } from "@/lib/format";

type Status = "pending" | "approved" | "rejected" | "expired";
const STATUSES: Status[] = ["pending", "approved", "rejected", "expired"];

// The approval queue: statements held because their risk was high for the requester's role.
// Approving runs the statement at once as the requester (never as the approver); the answer
// lands in the requester's conversation.
export function ApprovalsView() {
  const [status, setStatus] = useState<Status>("pending");
  const [items, setItems] = useState<Approval[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [deciding, setDeciding] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const {
        data,
        error: failure,
        response,
      } = await api.GET("/api/approvals", {
        params: { query: { status, limit: 50 } },
      });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) setItems(data.approvals);
      else
        setError(failure?.error.message ?? `The queue could not be loaded (${response.status}).`);
    } catch {
      setError("The approval queue cannot be reached right now.");
    }
    setLoading(false);
  }, [status]);

  useEffect(() => {
    // Loading is an effect of the chosen status: fetch, then store what came back.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  async function decide(item: Approval, approve: boolean) {
    setDeciding(item.approval_id);
    setNotice(null);
    setError(null);
    const id = String(item.approval_id);
    const body = { reason: reasons[item.approval_id] ?? "" };
    try {
      const {
        data,
        error: failure,
        response,
      } = approve
        ? await api.POST("/api/approvals/{id}/approve", { params: { path: { id } }, body })
        : await api.POST("/api/approvals/{id}/reject", { params: { path: { id } }, body });
      if (response.status === 401) {
        redirectToLogin();
        return;
      }
      if (data) {
        const ran = data.execution?.http_status;
        setNotice(
          approve
            ? `Approved #${id}: it ran for ${item.requester.username}` +
                (ran === 200 ? "." : ` and answered ${ran ?? "nothing"}.`)
            : `Rejected #${id}.`,
        );
      } else {
        setError(failure?.error.message ?? `The decision failed (${response.status}).`);
      }
    } catch {
      setError("The decision could not be sent.");
    }
    setDeciding(null);
    void load();
  }

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Approvals</h1>
          <p className="page__sub">
            Queries held because their risk is high for the requester&apos;s role. Approving runs
            the query as the requester, in their conversation.
          </p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="card filters">
        <div className="field">
          <label htmlFor="approvals-status">Status</label>
          <select
            id="approvals-status"
            className="select"
            value={status}
            onChange={(e) => setStatus(e.target.value as Status)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
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
          data-testid="approval-notice"
        >
          {notice}
        </div>
      )}
      {error && (
        <div className="alert alert--danger" role="alert" style={{ marginTop: "var(--s4)" }}>
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      <div aria-busy={loading} style={{ marginTop: "var(--s4)" }}>
        {!loading && items.length === 0 && <div className="empty">No {status} requests.</div>}
        <ul className="plain-list" data-testid="approvals">
          {items.map((item) => (
            <li
              key={item.approval_id}
              className="card"
              style={{ marginBottom: "var(--s4)", padding: "var(--s4)" }}
              data-testid="approval"
              data-approval-id={item.approval_id}
            >
              <h2 style={{ fontSize: 16, margin: 0 }}>{item.question}</h2>
              <p className="muted">
                #{item.approval_id} · {item.requester.username} · {roleLabel(item.requester.role)} ·{" "}
                {storesLabel(item.requester.store_ids, false)} · asked{" "}
                {formatDateTime(item.created_at)}
                {item.status === "pending" && <> · expires {formatDateTime(item.expires_at)}</>}
                {item.decided_by && (
                  <>
                    {" "}
                    · {item.status} by {item.decided_by}
                    {item.reason ? ` (${item.reason})` : ""}
                  </>
                )}
              </p>
              <pre className="sql" aria-label="SQL">
                {item.sql}
              </pre>
              {item.risk && <RiskSummary risk={item.risk} />}
              {item.status === "pending" && (
                <div className="filters" style={{ marginTop: "var(--s3)" }}>
                  <div className="field">
                    <label htmlFor={`reason-${item.approval_id}`}>Reason</label>
                    <input
                      id={`reason-${item.approval_id}`}
                      className="input"
                      maxLength={2000}
                      value={reasons[item.approval_id] ?? ""}
                      onChange={(e) =>
                        setReasons({ ...reasons, [item.approval_id]: e.target.value })
                      }
                    />
                  </div>
                  <button
                    type="button"
                    className="button"
                    disabled={deciding !== null}
                    onClick={() => void decide(item, true)}
                  >
                    Approve and run
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={deciding !== null}
                    onClick={() => void decide(item, false)}
                  >
                    Reject
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
