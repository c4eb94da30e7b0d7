// Asks a question over the streaming endpoint: stage events as they happen, then the result.
import { ApiFailure, isErrorBody, toFailure } from "./client";
import { readSse } from "./sse";
import type { AskRequest, AskResult, StageEvent } from "./types";

export interface AskHandlers {
  onStage: (stage: StageEvent) => void;
}

export async function askStreaming(
  request: AskRequest,
  handlers: AskHandlers,
  signal?: AbortSignal,
): Promise<AskResult> {
  let response: Response;
  try {
    response = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(request),
      credentials: "same-origin",
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiFailure(503, {
      code: "upstream_unavailable",
      message: "The app could not be reached. Check your connection and try again.",
      request_id: "",
    });
  }

  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !type.includes("text/event-stream") || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    if (response.ok && body && !isErrorBody(body)) return body as AskResult;
    throw toFailure(response.ok ? 502 : response.status, body);
  }

  for await (const message of readSse(response.body, signal)) {
    const data: unknown = JSON.parse(message.data);
    if (message.event === "stage") handlers.onStage(data as StageEvent);
    else if (message.event === "result") return data as AskResult;
    else if (message.event === "error") throw toFailure(statusOf(data), data);
  }
  throw new ApiFailure(502, {
    code: "upstream_error",
    message: "The answer stream ended before a result arrived.",
    request_id: response.headers.get("x-request-id") ?? "",
  });
}

const statusByCode: Record<string, number> = {
  bad_request: 400,
  unauthorized: 401,
  scope_denied: 403,
  policy_denied: 403,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_field: 422,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  analytics_unavailable: 503,
  database_unavailable: 503,
  upstream_timeout: 504,
};

function statusOf(body: unknown): number {
  return isErrorBody(body) ? (statusByCode[body.error.code] ?? 500) : 502;
}
