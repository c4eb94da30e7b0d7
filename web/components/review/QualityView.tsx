"use client";

import { useEffect, useMemo, useState } from "react";
import { VegaChart } from "@/components/chart/VegaChart";
import { api, redirectToLogin } from "@/lib/api/client";
import type { QualityGroup, ReviewStats } from "@/lib/api/types";
import { roleLabel } from "@/lib/format";

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;
}

// Rates of one grouping as long rows for a Vega-Lite chart: one row per group and measure.
function rateRows(groups: QualityGroup[], label: (key: string) => string) {
  const measures: [keyof QualityGroup, string][] = [
    ["accuracy", "Accuracy of reviewed answers"],
    ["thumbs_ratio", "Thumbs up ratio"],
    ["decline_rate", "Decline rate"],
  ];
  return groups.flatMap((g) =>
    measures
      .filter(([m]) => g[m] !== null && g[m] !== undefined)
      .map(([m, name]) => ({ group: label(g.key), measure: name, rate: Number(g[m]) })),
  );
}

function barSpec(values: object[], title: string): Record<string, unknown> {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    description: title,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "group", type: "nominal", title: null },
      yOffset: { field: "measure" },
      x: {
        field: "rate",
        type: "quantitative",
        title: "Rate",
        axis: { format: "%" },
        scale: { domain: [0, 1] },
      },
      color: { field: "measure", type: "nominal", title: null, legend: { orient: "bottom" } },
    },
  };
}

// Answer quality for admins: how often reviewed answers were right, the thumbs-up ratio and the
// decline rate, per week, role and intent (GET /api/review/stats), drawn with the workspace's
// Vega-Lite charts and listed in tables beside them.
export function QualityView() {
  const [stats, setStats] = useState<ReviewStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const { data, error: failure, response } = await api.GET("/api/review/stats");
        if (response.status === 401) {
          redirectToLogin();
          return;
        }
        if (cancelled) return;
        if (data) setStats(data);
        else
          setError(
            failure?.error.message ?? `The figures could not be loaded (${response.status}).`,
          );
      } catch {
        if (!cancelled) setError("The analytics service cannot be reached right now.");
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const weekly = useMemo(() => {
    if (!stats) return null;
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      description: "Quality by week",
      data: { values: rateRows(stats.by_week, (k) => k) },
      mark: { type: "line", point: true, tooltip: true },
      encoding: {
        x: { field: "group", type: "temporal", title: "Week (Monday)", timeUnit: "yearmonthdate" },
        y: {
          field: "rate",
          type: "quantitative",
          title: "Rate",
          axis: { format: "%" },
          scale: { domain: [0, 1] },
        },
        color: { field: "measure", type: "nominal", title: null, legend: { orient: "bottom" } },
      },
    };
  }, [stats]);
  const byRole = useMemo(
    () => (stats ? barSpec(rateRows(stats.by_role, roleLabel), "Quality by role") : null),
    [stats],
  );
  const byIntent = useMemo(
    () =>
      stats
        ? barSpec(
            rateRows(stats.by_intent, (k) => k || "none"),
            "Quality by intent",
          )
        : null,
    [stats],
  );

  return (
    <>
      <div className="page__head">
        <div>
          <h1>Quality</h1>
          <p className="page__sub">
            Accuracy of the answers reviewers marked, the share of ratings that were thumbs up, and
            how often questions were declined (asked back or refused), by week, role and intent.
          </p>
        </div>
      </div>
      {error && (
        <div className="alert alert--danger" role="alert">
          <div className="alert__title">Something went wrong</div>
          <p>{error}</p>
        </div>
      )}
      {!stats && !error && <p className="muted">Loading…</p>}
      {stats && (
        <>
          <div className="card filters" data-testid="quality-totals">
            <div>
              <div className="metric__value">{percent(stats.accuracy?.rate)}</div>
              <div className="metric__label">
                Accuracy ({stats.accuracy?.right ?? 0} right of {stats.accuracy?.reviewed ?? 0}{" "}
                reviewed)
              </div>
            </div>
            <div>
              <div className="metric__value">{percent(stats.totals?.thumbs_ratio)}</div>
              <div className="metric__label">
                Thumbs up ({stats.totals?.thumbs_up ?? 0} up, {stats.totals?.thumbs_down ?? 0} down)
              </div>
            </div>
            <div>
              <div className="metric__value">{percent(stats.totals?.decline_rate)}</div>
              <div className="metric__label">
                Declined ({stats.totals?.declined ?? 0} of {stats.totals?.asks ?? 0} asked)
              </div>
            </div>
          </div>
          <section aria-labelledby="quality-weekly">
            <h2 id="quality-weekly">By week</h2>
            {weekly && (
              <VegaChart spec={weekly} title="Accuracy, thumbs-up ratio and decline rate by week" />
            )}
            <GroupTable groups={stats.by_week} label={(k) => `Week of ${k}`} caption="By week" />
          </section>
          <section aria-labelledby="quality-role">
            <h2 id="quality-role">By role</h2>
            {byRole && (
              <VegaChart spec={byRole} title="Accuracy, thumbs-up ratio and decline rate by role" />
            )}
            <GroupTable groups={stats.by_role} label={roleLabel} caption="By role" />
          </section>
          <section aria-labelledby="quality-intent">
            <h2 id="quality-intent">By intent</h2>
            {byIntent && (
              <VegaChart
                spec={byIntent}
                title="Accuracy, thumbs-up ratio and decline rate by intent"
              />
            )}
            <GroupTable groups={stats.by_intent} label={(k) => k || "none"} caption="By intent" />
          </section>
        </>
      )}
    </>
  );
}

function GroupTable({
  groups,
  label,
  caption,
}: {
  groups: QualityGroup[];
  label: (key: string) => string;
  caption: string;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Asked</th>
            <th scope="col">Declined</th>
            <th scope="col">Thumbs up / down</th>
            <th scope="col">Reviewed (right / wrong)</th>
            <th scope="col">Accuracy</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{label(g.key)}</th>
              <td>{g.asks.toLocaleString("en-US")}</td>
              <td>
                {g.declined.toLocaleString("en-US")} ({percent(g.decline_rate)})
              </td>
              <td>
                {g.thumbs_up} / {g.thumbs_down} ({percent(g.thumbs_ratio)})
              </td>
              <td>
                {g.reviewed} ({g.right} / {g.wrong})
              </td>
              <td>{percent(g.accuracy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
