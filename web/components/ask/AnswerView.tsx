"use client";

import { DataTable } from "@/components/chart/DataTable";
import { useUser } from "@/components/session/UserContext";
import { WidgetView } from "@/components/chart/WidgetView";
import type { AskResult } from "@/lib/api/types";
import { downloadCsv, toCsv } from "@/lib/csv";
import { ExplainPanel } from "./ExplainPanel";
import { FeedbackButtons } from "./FeedbackButtons";
import { SaveToBoardButton } from "./SaveToBoardButton";
import { SqlPanel } from "./SqlPanel";

interface Props {
  result: AskResult;
  onAsk: (question: string) => void;
  /** Whether this is the latest turn (follow-up chips are only offered there). */
  latest: boolean;
}

export function AnswerView({ result, onAsk, latest }: Props) {
  const user = useUser();
  const clarifying = result.status === "needs_clarification";
  const scope = result.security.store_ids;
  const scopeLabel =
    user.is_all_stores && scope.length > 1
      ? "all stores"
      : `${scope.length === 1 ? "store" : "stores"} ${scope.join(", ")}`;
  const hasRows = result.columns.length > 0;
  const hasTableWidget = result.widgets.some((w) => w.type === "table");

  return (
    <div className="answer" data-testid="answer-block" data-status={result.status}>
      <p className="answer__text" data-testid="answer">
        {clarifying ? (result.clarification?.question ?? result.answer) : result.answer}
      </p>

      {!clarifying && (
        <div className="answer__meta" aria-label="About this answer">
          {result.intent && <span className="badge badge--accent">{result.intent}</span>}
          <span className="badge" data-testid="row-count">
            {result.row_count} {result.row_count === 1 ? "row" : "rows"}
            {result.truncated && " (truncated)"}
          </span>
          {result.explain.as_of && <span className="badge">as of {result.explain.as_of}</span>}
          <span className="badge" data-testid="scope-badge">
            {scopeLabel}
          </span>
          {result.explain.cache_hit && <span className="badge badge--ok">cached</span>}
        </div>
      )}

      {clarifying && result.clarification && (
        <ul className="chip-list" aria-label="Choose what you meant" data-testid="clarification">
          {result.clarification.options.map((option) => (
            <li key={option.label}>
              <button type="button" className="chip" onClick={() => onAsk(option.question)}>
                {option.label}
              </button>
            </li>
          ))}
        </ul>
      )}

      {result.widgets.length > 0 && (
        <div className="widgets">
          {result.widgets.map((widget) => (
            <WidgetView key={widget.id} widget={widget} result={result} />
          ))}
        </div>
      )}

      {!clarifying && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={!hasRows}
            onClick={() =>
              downloadCsv(`answer-${result.request_id}.csv`, toCsv(result.columns, result.rows))
            }
            data-testid="download-csv"
          >
            Download CSV
          </button>
          {hasRows && (
            <>
              <a
                className="button button--secondary button--small"
                href={`/api/answers/${encodeURIComponent(result.request_id)}/export?format=csv`}
                download
                data-testid="export-csv"
              >
                Export CSV
              </a>
              <a
                className="button button--secondary button--small"
                href={`/api/answers/${encodeURIComponent(result.request_id)}/export?format=xlsx`}
                download
                data-testid="export-xlsx"
              >
                Export XLSX
              </a>
            </>
          )}
          {result.status === "ok" && result.sql && (
            <SaveToBoardButton requestId={result.request_id} />
          )}
          <span className="actions__spacer" />
          <FeedbackButtons requestId={result.request_id} />
        </div>
      )}

      {latest && result.suggestions.length > 0 && (
        <div className="ask-form__suggestions">
          <span className="ask-form__suggestions-label" id={`followups-${result.request_id}`}>
            Follow-up questions
          </span>
          <ul
            className="chip-list"
            aria-labelledby={`followups-${result.request_id}`}
            data-testid="followups"
          >
            {result.suggestions.map((s) => (
              <li key={s}>
                <button type="button" className="chip" onClick={() => onAsk(s)}>
                  {s}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      {hasRows && !hasTableWidget && (
        <details className="panel" data-testid="rows-panel">
          <summary>Result rows ({result.row_count})</summary>
          <div className="panel__body">
            <DataTable columns={result.columns} rows={result.rows} />
          </div>
        </details>
      )}
      {result.sql && (
        <details className="panel" data-testid="sql-panel">
          <summary>SQL</summary>
          <div className="panel__body">
            <SqlPanel sql={result.sql} />
          </div>
        </details>
      )}
      <details className="panel" data-testid="explain-panel">
        <summary>Why this answer</summary>
        <ExplainPanel result={result} scopeLabel={scopeLabel} />
      </details>
    </div>
  );
}
