import type { Cell, Column } from "@/lib/api/types";
import { formatCell, formatMetric, isNumericColumn } from "@/lib/format";

interface Props {
  columns: Column[];
  rows: Cell[][];
  caption?: string;
  /** Show only these columns, by name (a table widget's selection). */
  only?: string[];
  /** How each column's numbers read, and its header (a table widget's). */
  formats?: Record<string, "currency" | "number" | "percent">;
  labels?: Record<string, string>;
  /** The user's preference: currency in whole dollars. */
  wholeDollars?: boolean;
}

export function DataTable({
  columns,
  rows,
  caption,
  only,
  formats,
  labels,
  wholeDollars = false,
}: Props) {
  const cell = (value: Cell, column: Column) => {
    const format = formats?.[column.name];
    if (format && (typeof value === "number" || (typeof value === "string" && value !== ""))) {
      if (isNumericColumn(column)) return formatMetric(value, format, wholeDollars);
    }
    return formatCell(value, column);
  };
  const picked = columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !only || only.length === 0 || only.includes(column.name));
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption ?? "Result rows"}>
      <table className="data-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {picked.map(({ column }) => (
              <th key={column.name} scope="col" className={isNumericColumn(column) ? "num" : ""}>
                {labels?.[column.name] ?? column.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {picked.map(({ column, index }) => (
                <td key={column.name} className={isNumericColumn(column) ? "num" : ""}>
                  {cell(row[index] ?? null, column)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
