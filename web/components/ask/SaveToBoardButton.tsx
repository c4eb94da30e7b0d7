"use client";

import { useState } from "react";

// Pins this answer's question to the user's board (/saved), where it is re-run on demand as
// whoever views the board (their role and stores at that moment).
export function SaveToBoardButton({ requestId }: { requestId: string }) {
  const [state, setState] = useState<"idle" | "saving" | "saved" | "failed">("idle");

  async function save() {
    setState("saving");
    const response = await fetch("/api/saved", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ request_id: requestId }),
    }).catch(() => null);
    setState(response && response.ok ? "saved" : "failed");
  }

  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={save}
        disabled={state === "saving" || state === "saved"}
        data-testid="save-to-board"
      >
        {state === "saved" ? "Saved to board" : "Save to board"}
      </button>
      <span className="muted" aria-live="polite" data-testid="save-status">
        {state === "failed" ? "Not saved" : ""}
      </span>
    </>
  );
}
