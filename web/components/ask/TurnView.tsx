"use client";

import type { ApiError, AskResult, StageEvent } from "@/lib/api/types";
import { AnswerView } from "./AnswerView";
import { ErrorNotice } from "./ErrorNotice";
import { StageProgress } from "./StageProgress";

export interface Turn {
  key: string;
  question: string;
  storeId: number | null;
  stages: StageEvent[];
  phase: "streaming" | "done" | "error";
  result?: AskResult;
  failure?: { status: number; error: ApiError };
}

interface Props {
  turn: Turn;
  latest: boolean;
  onAsk: (question: string) => void;
}

export function TurnView({ turn, latest, onAsk }: Props) {
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
        {turn.phase === "streaming" && (
          <p className="muted" role="status">
            Working on it…
          </p>
        )}
        {turn.result && <AnswerView result={turn.result} onAsk={onAsk} latest={latest} />}
        {turn.failure && (
          <ErrorNotice status={turn.failure.status} error={turn.failure.error} onAsk={onAsk} />
        )}
      </div>
    </li>
  );
}
