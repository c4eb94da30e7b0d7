"use client";

import { useEffect, useState } from "react";
import type { ApiError } from "@/lib/api/types";

interface Props {
  status: number;
  error: ApiError;
  onAsk: (question: string) => void;
}

function Countdown({ seconds }: { seconds: number }) {
  const [left, setLeft] = useState(Math.ceil(seconds));
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return left > 0 ? (
    <>
      Try again in <strong data-testid="retry-after">{left} s</strong>.
    </>
  ) : (
    <>You can try again now.</>
  );
}

/** "the copilot is down" → "The copilot is down." */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

// Failures said plainly, by kind: what happened and what the person can do next.
export function ErrorNotice({ status, error: raw, onAsk }: Props) {
  const error = { ...raw, message: sentence(raw.message) };
  let title: string;
  let body: React.ReactNode = error.message;
  let tone = "alert--danger";
  switch (error.code) {
    case "scope_denied":
      title = "That store is outside your access";
      break;
    case "policy_denied":
      title = "This question was refused";
      body = (
        <>
          <p>{error.message}</p>
          {error.reason && error.reason !== error.message && (
            <p className="alert__meta">Reason: {error.reason}</p>
          )}
        </>
      );
      break;
    case "rate_limited":
      title = "Too many questions at once";
      tone = "alert--warn";
      body = (
        <p>
          {error.message}{" "}
          {error.retry_after_s !== undefined && <Countdown seconds={error.retry_after_s} />}
        </p>
      );
      break;
    case "upstream_unavailable":
    case "analytics_unavailable":
    case "upstream_error":
    case "upstream_timeout":
      title =
        error.code === "upstream_timeout"
          ? "The answer took too long"
          : "The analytics service is unavailable";
      tone = "alert--warn";
      body = (
        <p>{error.message} Try again in a moment; if it keeps happening, tell an administrator.</p>
      );
      break;
    case "invalid_field":
    case "bad_request":
    case "payload_too_large":
      title = "The question could not be sent";
      break;
    default:
      title = status >= 500 ? "Something went wrong" : "The question could not be answered";
  }
  return (
    <div className={`alert ${tone}`} role="alert" data-testid="error" data-error-code={error.code}>
      <div className="alert__title">{title}</div>
      {typeof body === "string" ? <p>{body}</p> : body}
      {error.suggestion && (
        <p>
          You could ask instead:{" "}
          <button
            type="button"
            className="chip"
            data-testid="policy-suggestion"
            onClick={() => onAsk(error.suggestion as string)}
          >
            {error.suggestion}
          </button>
        </p>
      )}
      {error.request_id && <div className="alert__meta">Request {error.request_id}</div>}
    </div>
  );
}
