import type { StageEvent } from "@/lib/api/types";
import { STAGES, formatMs } from "@/lib/format";

interface Props {
  stages: StageEvent[];
  running: boolean;
}

// The pipeline's stages as they report in: done, refused, failed, skipped, or the one running.
export function StageProgress({ stages, running }: Props) {
  const byName = new Map(stages.map((s) => [s.stage, s]));
  const stopped = stages.some((s) => s.status === "refused" || s.status === "failed");
  const firstPending = STAGES.findIndex((s) => !byName.has(s.name));
  const current = running && !stopped ? firstPending : -1;
  const done = stages.filter((s) => STAGES.some((x) => x.name === s.stage)).length;

  return (
    <div>
      <ol className="stages" aria-label="Pipeline progress" data-testid="stages">
        {STAGES.map((stage, index) => {
          const event = byName.get(stage.name);
          const state = event ? event.status : index === current ? "active" : "pending";
          return (
            <li
              key={stage.name}
              className={`stage stage--${state}`}
              data-stage={stage.name}
              data-status={state}
            >
              <span className="stage__dot" aria-hidden="true" />
              {stage.label}
              {event?.duration_ms !== undefined && event.status !== "skipped" && (
                <span className="stage__ms">{formatMs(event.duration_ms)}</span>
              )}
              <span className="visually-hidden">: {state}</span>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {running ? `Working: ${done} of ${STAGES.length} stages done` : ""}
      </p>
    </div>
  );
}
