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
        <span aria-hidden="true">👍</span>
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
        <span aria-hidden="true">👎</span>
        <span className="visually-hidden">Not helpful</span>
      </button>
      <span className="muted" aria-live="polite" data-testid="feedback-status">
        {state === "saved" ? "Thanks for the feedback" : state === "failed" ? "Not saved" : ""}
      </span>
    </div>
  );
}
