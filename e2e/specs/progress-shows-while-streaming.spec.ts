import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

// The stage events are streamed through to the browser: progress shows before the answer does.
test("stage progress shows while the answer is still being computed", async ({ page }) => {
  await openWorkspace(page);
  // A top-N the other specs never ask, so the copilot's result cache cannot answer at once.
  const n = 11 + Math.floor(Math.random() * 89);
  const {
    turn,
    result,
    progressLeadMs,
    earlyAnswerLeadMs,
    streamedAnswer,
    stageEventsBeforeResult,
  } = await ask(page, `Top ${n} films by revenue`);
  expect(result).not.toBeNull();
  test.info().annotations.push(
    { type: "stage progress before answer", description: `${progressLeadMs?.toFixed(1)} ms` },
    {
      type: "streamed narrative before final answer",
      description:
        earlyAnswerLeadMs === null
          ? "arrived in the same frame as the result"
          : `${earlyAnswerLeadMs.toFixed(1)} ms`,
    },
  );
  // The narrative itself is streamed (with the narration stage, before the chart and the final
  // result), and it is the answer the final result carries.
  expect(streamedAnswer).toBe(result?.answer);
  expect(earlyAnswerLeadMs ?? 0).toBeGreaterThanOrEqual(0);
  // The stream carries every stage before the result; the page never shows the outcome before
  // the progress (on a fast answer both can land in the same frame, so the lead may be 0 ms).
  expect(stageEventsBeforeResult).toBeGreaterThanOrEqual(8);
  expect(progressLeadMs).not.toBeNull();
  expect(progressLeadMs ?? -1).toBeGreaterThanOrEqual(0);
  await expect(turn.locator('[data-stage="widgets"]')).toHaveAttribute("data-status", "ok");
  await shot(page, "progress-after-stream");
});
