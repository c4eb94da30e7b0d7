import type { Risk } from "@/lib/api/types";

const LEVEL_BADGE: Record<Risk["level"], string> = {
  low: "badge badge--ok",
  medium: "badge badge--warn",
  high: "badge badge--danger",
  block: "badge badge--danger",
};

// The risk score of a statement and the factors that made it (explain.risk): in "Why this
// answer" and on the approvals page. Factors that add nothing are listed too (the estimate, who
// wrote it, the role's thresholds): they say why the score is low.
export function RiskSummary({ risk }: { risk: Risk }) {
  return (
    <div data-testid="risk">
      <span className={LEVEL_BADGE[risk.level]} data-testid="risk-level">
        {risk.level}
      </span>{" "}
      <span data-testid="risk-score">{risk.score}/100</span>
      {risk.note && (
        <p className="muted" data-testid="risk-note">
          {risk.note}
        </p>
      )}
      {risk.factors.length > 0 && (
        <ul className="plain-list" data-testid="risk-factors">
          {risk.factors.map((f, i) => (
            <li key={i}>
              <strong>{f.name.replace(/_/g, " ")}</strong>
              {f.weight > 0 && <span> (+{f.weight})</span>}
              <span className="muted"> — {f.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
