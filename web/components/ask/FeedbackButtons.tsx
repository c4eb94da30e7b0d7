"use client";

import { useState } from "react";
import { api } from "@/lib/api/client";

type Rating = "up" | "down";

export function FeedbackButtons({ requestId }: { requestId: string }) {
  const [rating, setRating] = useState<Rating | null>(null);
  const [state, setState] = useState<"idle" | "saving" | "saved" | "failed">("idle");

  async function send(value: Rating) {
    setRating(value);
    setState("saving");
    const { response } = await api
      .POST("/api/feedback", { body: { request_id: requestId, rating: value } })
      .catch(() => ({ response: null }));
    setState(response && response.ok ? "saved" : "failed");
  }

  return (
    <div className="actions" role="group" aria-label="Was this answer useful?">
      <button
        type="button"
        className="button button--ghost button--small"
        aria-pressed={rating === "up"}
        onClick={() => send("up")}
        disabled={state === "saving"}
        data-testid="feedback-up"
      >
        <ThumbIcon />
        <span className="visually-hidden">Helpful</span>
      </button>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-pressed={rating === "down"}
        onClick={() => send("down")}
        disabled={state === "saving"}
        data-testid="feedback-down"
      >
        <ThumbIcon down />
        <span className="visually-hidden">Not helpful</span>
      </button>
      <span className="muted" aria-live="polite" data-testid="feedback-status">
        {state === "saved" ? "Thanks for the feedback" : state === "failed" ? "Not saved" : ""}
      </span>
    </div>
  );
}

function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      style={down ? { transform: "rotate(180deg)" } : undefined}
    >
      <path d="M7 10v11H3V10h4z" />
      <path d="M7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7" />
    </svg>
  );
}
