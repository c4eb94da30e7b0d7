import { expect, type Locator, type Page } from "@playwright/test";
import { ARTIFACTS_DIR } from "./env";

/** Saves a full-page screenshot to e2e/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}

export async function openWorkspace(page: Page): Promise<void> {
  await page.goto("/analytics");
  await expect(page.getByRole("heading", { name: "Ask your data" })).toBeVisible();
}

export async function chooseStore(page: Page, storeId: number | null): Promise<void> {
  await page.getByLabel("Store").selectOption(storeId === null ? "" : String(storeId));
}

export interface AskOutcome {
  turn: Locator;
  /** The SSE `result` event's data, or null when the stream ended with an error event. */
  result: AskResult | null;
  /** The SSE `error` event's data, or a non-2xx JSON error body. */
  error: { code: string; message: string; suggestion?: string | null } | null;
  status: number;
  /** ms between the first finished stage showing and the answer (or error) showing. */
  progressLeadMs: number | null;
  /** ms between the streamed narrative showing and the final answer block showing (null: the
   * narrative and the result arrived together, so the page showed the final block directly). */
  earlyAnswerLeadMs: number | null;
  /** The narrative the `narration` stage event carried, read from the stream. */
  streamedAnswer: string | null;
  /** How many `stage` events the SSE stream carried before its `result` event. */
  stageEventsBeforeResult: number;
}

export interface AskResult {
  request_id: string;
  conversation_id: string;
  status: string;
  answer: string;
  sql: string;
  columns: { name: string; type: string }[];
  rows: (string | number | boolean | null)[][];
  row_count: number;
  intent: string;
  widgets: { id: string; type: string; title: string }[];
}

/** The data of every SSE event named `name` in `text`, in order. */
function events(text: string, name: string): unknown[] {
  const found: unknown[] = [];
  for (const frame of text.replace(/\r\n?/g, "\n").split("\n\n")) {
    const lines = frame.split("\n");
    const event = lines
      .find((l) => l.startsWith("event:"))
      ?.slice(6)
      .trim();
    if (event !== name) continue;
    const data = lines
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).replace(/^ /, ""))
      .join("\n");
    found.push(JSON.parse(data));
  }
  return found;
}

function lastEvent(text: string, name: string): unknown {
  const all = events(text, name);
  return all.length > 0 ? all[all.length - 1] : null;
}

function stageEvents(text: string): { stage: string; details?: { answer?: unknown } }[] {
  return events(text, "stage") as { stage: string; details?: { answer?: unknown } }[];
}

/**
 * Types a question into the workspace and waits until its turn has finished (answer or error).
 * Returns the turn and what the stream carried, read from the network response.
 */
export async function ask(page: Page, question: string): Promise<AskOutcome> {
  const turns = page.getByTestId("turn");
  const before = await turns.count();
  // Records when the new turn first shows a finished stage, and when it shows its outcome.
  await page.evaluate((index) => {
    const w = window as unknown as { __e2e?: { stage?: number; early?: number; outcome?: number } };
    const times: { stage?: number; early?: number; outcome?: number } = {};
    w.__e2e = times;
    const observer = new MutationObserver(() => {
      const turn = document.querySelectorAll('[data-testid="turn"]')[index];
      if (!turn) return;
      const now = performance.now();
      if (times.stage === undefined && turn.querySelector('[data-status="ok"]')) times.stage = now;
      if (times.early === undefined && turn.querySelector('[data-testid="early-answer"]')) {
        times.early = now;
      }
      if (turn.querySelector('[data-testid="answer-block"], [data-testid="error"]')) {
        times.outcome ??= now;
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  }, before);
  const responsePromise = page.waitForResponse(
    (r) => r.url().endsWith("/api/ask") && r.request().method() === "POST",
  );
  const box = page.getByLabel(/Your question|Ask a follow-up/);
  await box.fill(question);
  await box.press("Enter");
  const response = await responsePromise;
  const text = await response.text();
  const turn = turns.nth(before);
  await expect(turn).toHaveAttribute("data-phase", /^(done|error)$/, { timeout: 60_000 });

  const times = await page.evaluate(
    () =>
      (window as unknown as { __e2e?: { stage?: number; early?: number; outcome?: number } })
        .__e2e ?? {},
  );
  const progressLeadMs =
    times.stage !== undefined && times.outcome !== undefined ? times.outcome - times.stage : null;
  const earlyAnswerLeadMs =
    times.early !== undefined && times.outcome !== undefined ? times.outcome - times.early : null;

  let result: AskResult | null = null;
  let error: AskOutcome["error"] = null;
  if ((response.headers()["content-type"] ?? "").includes("text/event-stream")) {
    result = lastEvent(text, "result") as AskResult | null;
    const body = lastEvent(text, "error") as { error: AskOutcome["error"] } | null;
    error = body?.error ?? null;
  } else if (response.ok()) {
    result = JSON.parse(text) as AskResult;
  } else {
    error = (JSON.parse(text) as { error: AskOutcome["error"] }).error;
  }
  const resultAt = text.indexOf("event: result");
  const streamed = resultAt >= 0 ? text.slice(0, resultAt) : text;
  const stageEventsBeforeResult = streamed.split("event: stage").length - 1;
  const narration = stageEvents(streamed).find((e) => e.stage === "narration");
  const streamedAnswer =
    typeof narration?.details?.answer === "string" ? narration.details.answer : null;
  return {
    turn,
    result,
    error,
    status: response.status(),
    progressLeadMs,
    earlyAnswerLeadMs,
    streamedAnswer,
    stageEventsBeforeResult,
  };
}

/** Parses RFC 4180 CSV into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
