"use client";

import type { ApiError, AskResult, PendingApproval, StageEvent } from "@/lib/api/types";
import { AnswerView } from "./AnswerView";
import { ErrorNotice } from "./ErrorNotice";
import { RiskSummary } from "./RiskSummary";
import { StageProgress } from "./StageProgress";

export interface Turn {
  key: string;
  question: string;
  storeId: number | null;
  stages: StageEvent[];
  phase: "streaming" | "done" | "error" | "pending";
  result?: AskResult;
  // Held for an approver (202 pending_approval); `approved` is the answer once it ran.
  pending?: PendingApproval;
  approved?: { status: string; answer: string; sql: string };
  // The approver said no, or nobody decided in time: the held question never ran.
  declined?: { status: "rejected" | "expired"; reason: string | null; by: string | null };
  failure?: { status: number; error: ApiError };
}

interface Props {
  turn: Turn;
  latest: boolean;
  onAsk: (question: string) => void;
}

// The narrative is streamed with the narration stage, ahead of the chart and the final result, so
// it is shown as soon as it arrives.
function streamedAnswer(stages: StageEvent[]): string | null {
  const narration = stages.find((s) => s.stage === "narration" && s.status === "ok");
  const answer: unknown = narration?.details?.answer;
  return typeof answer === "string" && answer.length > 0 ? answer : null;
}

export function TurnView({ turn, latest, onAsk }: Props) {
  const early = turn.phase === "streaming" ? streamedAnswer(turn.stages) : null;
  return (
    <li className="turn" data-testid="turn" data-phase={turn.phase}>
      <div className="turn__question">
        {turn.question}
        {turn.storeId !== null && <span className="turn__question-meta">Store {turn.storeId}</span>}
      </div>
      <div className="card turn__body" aria-busy={turn.phase === "streaming"}>
        {(turn.phase === "streaming" || turn.stages.length > 0) && (
          <StageProgress stages={turn.stages} running={turn.phase === "streaming"} />
        )}
        {early && (
          <p className="answer__text" data-testid="early-answer" aria-live="polite">
            {early}
          </p>
        )}
        {turn.phase === "streaming" && (
          <p className="muted" role="status">
            {early ? "Drawing the chart…" : "Working on it…"}
          </p>
        )}
        {turn.result && <AnswerView result={turn.result} onAsk={onAsk} latest={latest} />}
        {turn.pending && (
          <div
            className={
              turn.approved ? "alert" : turn.declined ? "alert alert--danger" : "alert alert--warn"
            }
            role="status"
            data-testid="pending-approval"
            data-approval-id={turn.pending.approval_id}
            data-approval-status={turn.approved ? "approved" : (turn.declined?.status ?? "pending")}
          >
            <div className="alert__title">
              {turn.approved
                ? "Approved and answered"
                : turn.declined?.status === "rejected"
                  ? `Not approved${turn.declined.by ? ` by ${turn.declined.by}` : ""}`
                  : turn.declined?.status === "expired"
                    ? "Expired before anyone approved it"
                    : "Waiting for an approver"}
            </div>
            {turn.declined && (
              <p>
                The query did not run.
                {turn.declined.reason ? ` Reason given: ${turn.declined.reason}` : ""}
              </p>
            )}
            {!turn.approved && !turn.declined && (
              <p>
                {turn.pending.answer ?? "This query needs an approver's review before it runs."} The
                answer appears here once it is approved.
              </p>
            )}
            <RiskSummary risk={turn.pending.risk} />
          </div>
        )}
        {turn.approved && (
          <div data-testid="approved-answer">
            <p className="answer__text">{turn.approved.answer}</p>
            {turn.approved.sql && <pre className="sql">{turn.approved.sql}</pre>}
          </div>
        )}
        {turn.failure && (
          <ErrorNotice status={turn.failure.status} error={turn.failure.error} onAsk={onAsk} />
        )}
      </div>
    </li>
  );
}
