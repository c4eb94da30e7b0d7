// The conversation report (issue 16, part 1): one printable, self-contained HTML page with each
// turn's question, narrative, table (bounded rows) and chart as an image, and every turn's SQL in
// an appendix. This is the ONE renderer of the report: the web's route handler
// (app/api/conversations/[id]/report) serves it, and the edge sends the gateway's public
// /api/conversations/{id}/report here too (deploy/edge/nginx.conf), so browsers and API clients
// get the same page. It renders here because the charts are drawn by the chart library the web
// already uses (Vega-Lite compiled to Vega, rendered headless to SVG with view.toSVG()).
//
// Data: the gateway's owner-only conversation (GET /api/conversations/{id}: another user's or
// organisation's is a 404, passed on as it is) and each answered turn's rows re-run under the
// owner's current role and scope (GET /api/answers/{request_id}/export?format=json), so a
// report never shows more than its owner may see now. No external URL: the charts are inline
// SVG images (data: URIs), the styles inline.
import "server-only";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { Cell, Column } from "@/lib/api/types";

export const REPORT_MAX_TURNS = 50;
export const REPORT_MAX_ROWS = 50;

export interface ReportTurn {
  request_id: string;
  question: string;
  status: string;
  answer: string | null;
  sql: string | null;
  created_at: string;
}

export interface ReportRows {
  columns: (Column & { format?: string })[];
  rows: Cell[][];
  truncated: boolean;
  row_count: number;
}

export interface ReportInput {
  conversationId: string;
  username: string;
  turns: ReportTurn[];
  /** Rows per request id (answered turns whose rows could be read now). */
  rows: Map<string, ReportRows | { error: string }>;
  generatedAt: Date;
}

const NUMERIC = new Set([
  "int2",
  "int4",
  "int8",
  "numeric",
  "float4",
  "float8",
  "decimal",
  "money",
  "bigint",
  "integer",
  "smallint",
  "real",
  "double precision",
]);
const TEMPORAL_TYPES = new Set(["date", "timestamp", "timestamptz"]);
const TEMPORAL_NAMES = new Set(["month", "week", "day", "date", "quarter", "year"]);

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function isNumeric(column: Column): boolean {
  return NUMERIC.has(column.type.toLowerCase());
}

function headerText(name: string): string {
  const text = name.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const moneyFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

function cellText(value: Cell, column: Column & { format?: string }): string {
  if (value === null) return "";
  if (typeof value === "number") {
    return column.format === "currency" ? moneyFormat.format(value) : numberFormat.format(value);
  }
  return String(value);
}

/**
 * A Vega-Lite spec for rows that have a shape a chart shows (a category or time column and a
 * numeric measure, more than one row), or null: one number is shown as a number, and a lookup of
 * many text columns as its table only.
 */
export function chartSpec(result: ReportRows, title: string): Record<string, unknown> | null {
  if (result.rows.length < 2) return null;
  const measureIndex = result.columns.map(isNumeric).lastIndexOf(true);
  // The first text or time column; else a leading id column ("store_id": Store 1, Store 2).
  const textIndex = result.columns.findIndex((c) => !isNumeric(c));
  const dimensionIndex = textIndex >= 0 ? textIndex : measureIndex > 0 ? 0 : -1;
  const measure = result.columns[measureIndex];
  const dimension = result.columns[dimensionIndex];
  if (!measure || !dimension) return null;
  const temporal =
    TEMPORAL_TYPES.has(dimension.type.toLowerCase()) ||
    TEMPORAL_NAMES.has(dimension.name.toLowerCase());
  const values = result.rows
    .slice(0, 200)
    .map((row) => ({
      x:
        textIndex >= 0
          ? row[dimensionIndex]
          : `${headerText(dimension.name.replace(/_id$/, ""))} ${row[dimensionIndex]}`,
      y: row[measureIndex],
    }))
    .filter((v) => typeof v.y === "number");
  if (values.length < 2) return null;
  const yAxis = {
    field: "y",
    type: "quantitative",
    title: headerText(measure.name),
    axis: measure.format === "currency" ? { format: "$,.0f" } : { format: ",.0f" },
  };
  if (temporal) {
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      title,
      width: 640,
      height: 240,
      data: { values },
      mark: { type: "line", point: true, color: "#2f5bd3" },
      encoding: {
        x: { field: "x", type: "temporal", title: headerText(dimension.name) },
        y: yAxis,
      },
    };
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 640,
    height: Math.min(24 * Math.min(values.length, 20) + 20, 500),
    data: { values: values.slice(0, 20) },
    mark: { type: "bar", color: "#2f5bd3" },
    encoding: {
      y: { field: "x", type: "nominal", sort: "-x", title: headerText(dimension.name) },
      x: { ...yAxis, title: headerText(measure.name) },
    },
  };
}

/** A Vega-Lite spec drawn headless to an SVG document (no DOM, no network). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = vl.compile(spec as never, {
    config: {
      font: "Helvetica, Arial, sans-serif",
      axis: { labelColor: "#333", titleColor: "#333", gridColor: "#e5e7eb" },
      view: { stroke: null },
    },
  }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function table(result: ReportRows): string {
  const rows = result.rows.slice(0, REPORT_MAX_ROWS);
  const head = result.columns
    .map(
      (c) =>
        `<th scope="col"${isNumeric(c) ? ' class="num"' : ""}>${escapeHtml(headerText(c.name))}</th>`,
    )
    .join("");
  const body = rows
    .map(
      (row) =>
        "<tr>" +
        row
          .map((cell, i) => {
            const column = result.columns[i] ?? { name: "", type: "text" };
            return `<td${isNumeric(column) ? ' class="num"' : ""}>${escapeHtml(cellText(cell, column))}</td>`;
          })
          .join("") +
        "</tr>",
    )
    .join("\n");
  const more =
    result.rows.length > rows.length || result.truncated
      ? `<p class="note">Showing ${rows.length} of ${result.rows.length}${result.truncated ? "+" : ""} rows; export the answer (CSV or XLSX) for all of them.</p>`
      : "";
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 860px; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
  .meta, .note { color: #57606a; font-size: .85rem; }
  section.turn { border-top: 1px solid #d0d7de; padding: 1rem 0; break-inside: avoid-page; }
  .narrative { margin: .25rem 0 .75rem; }
  figure { margin: .5rem 0; }
  figure img { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
  th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .5rem; white-space: pre-wrap; word-break: break-word; font-size: .8rem; }
  .refused { color: #9a3412; }
  .appendix { break-before: page; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    a { color: inherit; text-decoration: none; }
    .no-print { display: none; }
    section.turn { break-inside: avoid; }
    pre { break-inside: avoid; }
  }
  @page { margin: 16mm; }
`;

/** The whole report page. */
export async function renderReport(input: ReportInput): Promise<string> {
  const sections: string[] = [];
  let charts = 0;
  const turns = input.turns.slice(0, REPORT_MAX_TURNS);
  for (const [index, turn] of turns.entries()) {
    const number = index + 1;
    const parts: string[] = [
      `<h2>${number}. ${escapeHtml(turn.question)}</h2>`,
      `<p class="meta">${escapeHtml(turn.created_at.replace("T", " ").replace(/\.\d+Z$/, " UTC"))} · ${escapeHtml(turn.status)}</p>`,
    ];
    if (turn.answer) {
      parts.push(
        `<p class="narrative${turn.status === "ok" ? "" : " refused"}">${escapeHtml(turn.answer)}</p>`,
      );
    }
    const rows = input.rows.get(turn.request_id);
    if (rows && "error" in rows) {
      parts.push(`<p class="note">The rows could not be shown now: ${escapeHtml(rows.error)}</p>`);
    } else if (rows) {
      const spec = chartSpec(rows, turn.question.slice(0, 80));
      if (spec) {
        const svg = await renderSvg(spec);
        const uri = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
        parts.push(
          `<figure><img src="${uri}" alt="Chart: ${escapeHtml(turn.question)}" data-chart="${number}"></figure>`,
        );
        charts += 1;
      }
      if (rows.columns.length > 0) parts.push(table(rows));
    }
    if (turn.sql) parts.push(`<p class="note">SQL: see appendix A.${number}.</p>`);
    sections.push(`<section class="turn" id="turn-${number}">${parts.join("\n")}</section>`);
  }
  const appendix = turns
    .map((turn, index) =>
      turn.sql
        ? `<h3 id="sql-${index + 1}">A.${index + 1} ${escapeHtml(turn.question)}</h3><pre>${escapeHtml(turn.sql)}</pre>`
        : "",
    )
    .filter(Boolean)
    .join("\n");
  const generated = input.generatedAt
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conversation report</title>
<style>${STYLE}</style>
</head>
<body>
<main data-charts="${charts}" data-turns="${turns.length}">
<h1>Conversation report</h1>
<p class="meta">Conversation ${escapeHtml(input.conversationId)} · ${escapeHtml(input.username)} · generated ${escapeHtml(generated)} · ${turns.length} ${turns.length === 1 ? "question" : "questions"}. Figures were computed again for this report with your current role and stores.</p>
${sections.join("\n")}
<section class="appendix"><h2>Appendix: SQL of every answer</h2>
${appendix || '<p class="note">No statement ran in this conversation.</p>'}
</section>
</main>
</body>
</html>`;
}
