import type { Cell, Column } from "@/lib/api/types";

// A text cell that a spreadsheet would run as a formula is prefixed with a quote (CSV injection).
const FORMULA_START = /^[=+\-@\t\r|%]/;
// PostgreSQL's numeric types (the `type` of a result column).
const NUMERIC_TYPES = new Set([
  "int2",
  "int4",
  "int8",
  "smallint",
  "integer",
  "bigint",
  "numeric",
  "decimal",
  "float4",
  "float8",
  "real",
  "double precision",
]);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Whether a result column holds numbers (by its PostgreSQL type, never by its cells' looks). */
export function isNumericColumn(column: Column): boolean {
  return NUMERIC_TYPES.has(column.type.toLowerCase());
}

// A cell is left as a number only when its column is numeric and it is one, whole: a leading
// digit or minus sign is no proof (`-2+3+cmd|' /C calc'!A0` is a formula).
function cellText(value: Cell, numeric: boolean): string {
  if (value === null) return "";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const isNumber = numeric && PLAIN_NUMBER.test(value);
  const text = FORMULA_START.test(value) && !isNumber ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends) of a result's columns and rows. */
export function toCsv(columns: Column[], rows: Cell[][]): string {
  const numeric = columns.map(isNumericColumn);
  const header = columns.map((c) => cellText(c.name, false)).join(",");
  const body = rows.map((row) =>
    row.map((cell, i) => cellText(cell, numeric[i] ?? false)).join(","),
  );
  return [header, ...body].join("\r\n") + "\r\n";
}

export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
