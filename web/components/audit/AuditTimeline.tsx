import type { AuditItem } from "@/lib/api/types";
import { formatDateTime, formatMs, stageLabel } from "@/lib/format";
import { tokenizeSql } from "@/lib/sql-highlight";

function statusTone(status: string): string {
  if (status === "ok" || status === "completed") return "badge--ok";
  if (status === "refused" || status === "failed" || status === "error") return "badge--danger";
  if (status === "skipped") return "";
  return "badge--warn";
}

// One request's stages in order, each with its status, duration (as a bar) and details.
export function AuditTimeline({ item }: { item: AuditItem }) {
  const longest = Math.max(1, ...item.events.map((e) => e.duration_ms));
  return (
    <div className="audit-detail__grid" data-testid="audit-timeline">
      <dl className="kv">
        <dt>Request</dt>
        <dd className="mono">{item.request_id}</dd>
        {item.conversation_id && (
          <>
            <dt>Conversation</dt>
            <dd className="mono">{item.conversation_id}</dd>
          </>
        )}
        <dt>Question</dt>
        <dd>{item.question ?? "—"}</dd>
        <dt>Stores</dt>
        <dd>{item.store_ids?.join(", ") || "—"}</dd>
        {(item.error_code || item.http_status) && (
          <>
            <dt>Outcome</dt>
            <dd>
              {item.http_status ?? ""} {item.error_code ?? ""}
            </dd>
          </>
        )}
        {item.error_stage && (
          <>
            <dt>Stopped at</dt>
            <dd>{stageLabel(item.error_stage)}</dd>
          </>
        )}
      </dl>
      <div>
        <h3>Stage timeline</h3>
        {item.events.length === 0 ? (
          <p className="muted">No stage events were recorded.</p>
        ) : (
          <ol className="timing-bars timing-bars--audit">
            {item.events.map((event, index) => (
              <li
                key={`${event.stage}-${index}`}
                className={`timing-bar timing-bar--${event.status}`}
                data-testid="audit-event"
                data-stage={event.stage}
              >
                <span>
                  {stageLabel(event.stage)}{" "}
                  <span className={`badge ${statusTone(event.status)}`}>{event.status}</span>
                </span>
                <span className="timing-bar__track" aria-hidden="true">
                  <span
                    className="timing-bar__fill"
                    style={{
                      width: `${(event.duration_ms / longest) * 100}%`,
                      display: "block",
                    }}
                  />
                </span>
                <span className="timing-bar__ms" title={formatDateTime(event.created_at)}>
                  {formatMs(event.duration_ms)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
      {item.events.some((e) => e.details && Object.keys(e.details).length > 0) && (
        <details className="panel">
          <summary>Stage details</summary>
          <div className="panel__body">
            {item.events
              .filter((e) => e.details && Object.keys(e.details).length > 0)
              .map((event, index) => (
                <div key={`${event.stage}-d-${index}`}>
                  <h3>{stageLabel(event.stage)}</h3>
                  <pre className="mono" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                    {JSON.stringify(event.details, null, 2)}
                  </pre>
                </div>
              ))}
          </div>
        </details>
      )}
      {item.sql && (
        <div className="sql">
          <h3>SQL</h3>
          <pre>
            <code>
              {tokenizeSql(item.sql).map((token, i) =>
                token.kind === "plain" ? (
                  token.text
                ) : (
                  <span key={i} className={`tok-${token.kind}`}>
                    {token.text}
                  </span>
                ),
              )}
            </code>
          </pre>
        </div>
      )}
    </div>
  );
}
