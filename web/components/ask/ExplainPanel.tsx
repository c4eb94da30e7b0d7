import type { AskResult } from "@/lib/api/types";
import { STAGES, formatMs, roleLabel } from "@/lib/format";
import { RiskSummary } from "./RiskSummary";

function list(items: string[] | undefined, empty = "none") {
  if (!items || items.length === 0) return <span className="muted">{empty}</span>;
  return items.join(", ");
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

// "Why this answer": how the question was understood, what data it read under which scope, what
// the policy decided, and where the time went.
export function ExplainPanel({ result, scopeLabel }: { result: AskResult; scopeLabel: string }) {
  const { explain, security, timings } = result;
  const stageTimes = STAGES.map((s) => ({ ...s, ms: timings[s.name] })).filter(
    (s) => typeof s.ms === "number",
  );
  const longest = Math.max(1, ...stageTimes.map((s) => s.ms ?? 0));
  const filters = explain.filters ?? [];

  return (
    <div className="panel__body" data-testid="explain">
      <dl className="kv">
        <dt>Read as</dt>
        <dd>
          {(explain.understanding ?? []).length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="plain-list" data-testid="explain-understanding">
              {(explain.understanding ?? []).map((part, i) => (
                <li key={i}>
                  <q>{part.text}</q> <span className="muted">{part.as}:</span> {part.meaning}
                </li>
              ))}
            </ul>
          )}
          {(explain.not_understood ?? []).length > 0 && (
            <p className="muted" data-testid="explain-not-understood">
              Not understood: {(explain.not_understood ?? []).map((w) => `"${w}"`).join(", ")}
            </p>
          )}
        </dd>
        {(explain.preferences_used ?? []).length > 0 && (
          <>
            <dt>Your preferences</dt>
            <dd>
              <ul className="plain-list" data-testid="explain-preferences">
                {(explain.preferences_used ?? []).map((p) => (
                  <li key={p.key}>{p.text}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {(explain.org_memory ?? []).length > 0 && (
          <>
            <dt>Your organisation&apos;s memory</dt>
            <dd>
              <ul className="plain-list" data-testid="explain-org-memory">
                {(explain.org_memory ?? []).map((n) => (
                  <li key={n.id}>
                    {n.text}{" "}
                    <span className="muted">
                      (
                      {n.used_as === "restriction"
                        ? "applied"
                        : n.used_as === "definition"
                          ? "definition used"
                          : "context"}
                      )
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {(explain.sources ?? []).length > 0 && (
          <>
            <dt>Your organisation&apos;s documents</dt>
            <dd>
              <ul className="plain-list" data-testid="explain-sources">
                {(explain.sources ?? []).map((s) => (
                  <li key={`${s.document_id}:${s.chunk}`}>
                    <strong>{s.title}</strong>{" "}
                    <span className="muted">
                      (version {s.version}, passage {s.chunk + 1})
                    </span>
                    : &ldquo;{s.excerpt}&rdquo;
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Intent</dt>
        <dd>{result.intent || <span className="muted">not determined</span>}</dd>
        <dt>Answered by</dt>
        <dd>{explain.path ?? "—"}</dd>
        <dt>Views used</dt>
        <dd>{list(explain.views_used ?? security.views_used)}</dd>
        <dt>Filters</dt>
        <dd>
          {filters.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain-list">
              {filters.map((f, i) => (
                <li key={i}>{describe(f)}</li>
              ))}
            </ul>
          )}
        </dd>
        {explain.time_range && (
          <>
            <dt>Time range</dt>
            <dd>
              {explain.time_range.label}
              {explain.time_range.from && (
                <span className="muted">
                  {" "}
                  ({explain.time_range.from} → {explain.time_range.to ?? "…"})
                </span>
              )}
            </dd>
          </>
        )}
        {explain.as_of && (
          <>
            <dt>Data as of</dt>
            <dd>{explain.as_of}</dd>
          </>
        )}
        <dt>Scope applied</dt>
        <dd data-testid="scope">
          {roleLabel(security.role)} · {scopeLabel}
        </dd>
        <dt>Masked fields</dt>
        <dd>{list(security.masked_fields)}</dd>
        <dt>Policy decisions</dt>
        <dd data-testid="policy-decisions">
          {security.policy_version !== undefined && (
            <div className="muted">
              {security.policy_version > 0
                ? `Policy version ${security.policy_version}`
                : "Policy from the rules file"}
            </div>
          )}
          {(security.policy ?? []).length === 0 ? (
            <span className="muted">none recorded</span>
          ) : (
            <ul className="plain-list">
              {(security.policy ?? []).map((p, i) => (
                <li key={i}>
                  <strong>{p.decision}</strong> {p.rule}
                  {p.reason && <span className="muted"> — {p.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {explain.guardrail && (
          <>
            <dt>SQL guardrail</dt>
            <dd>
              {explain.guardrail.verdict}
              {explain.guardrail.reason && (
                <span className="muted"> — {explain.guardrail.reason}</span>
              )}
            </dd>
          </>
        )}
        {explain.risk && (
          <>
            <dt>Risk</dt>
            <dd>
              <RiskSummary risk={explain.risk} />
            </dd>
          </>
        )}
        <dt>Cache</dt>
        <dd>{explain.cache_hit ? "served from cache" : "computed now"}</dd>
        <dt>Retrieved documents</dt>
        <dd>
          {(explain.retrieved ?? []).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain-list">
              {(explain.retrieved ?? []).map((d) => (
                <li key={String(d.id)}>
                  {d.title}{" "}
                  <span className="muted">
                    ({d.kind}, score {d.score.toFixed(2)})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {stageTimes.length > 0 && (
        <div>
          <h3>Timings{timings.total !== undefined && ` · total ${formatMs(timings.total)}`}</h3>
          <div className="timing-bars" data-testid="timings">
            {stageTimes.map((s) => (
              <div className="timing-bar" key={s.name}>
                <span>{s.label}</span>
                <span className="timing-bar__track" aria-hidden="true">
                  <span
                    className="timing-bar__fill"
                    style={{ width: `${((s.ms ?? 0) / longest) * 100}%`, display: "block" }}
                  />
                </span>
                <span className="timing-bar__ms">{formatMs(s.ms)}</span>
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
