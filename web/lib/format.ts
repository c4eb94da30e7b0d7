import type { Cell, Column, StageName } from "@/lib/api/types";

/** The pipeline's stages in order, with the names people read. */
export const STAGES: { name: StageName; label: string }[] = [
  { name: "policy", label: "Policy" },
  { name: "rag_retrieval", label: "Retrieval" },
  { name: "planning", label: "Planning" },
  { name: "llm_generation", label: "Generation" },
  { name: "validation", label: "Validation" },
  { name: "risk", label: "Risk" },
  { name: "db_execution", label: "Execution" },
  { name: "narration", label: "Narration" },
  { name: "widgets", label: "Widgets" },
];

export function stageLabel(name: string): string {
  return STAGES.find((s) => s.name === name)?.label ?? name.replace(/_/g, " ");
}

const NUMERIC_TYPES = new Set(["int2", "int4", "int8", "numeric", "float4", "float8", "money"]);

export function isNumericColumn(column: Column): boolean {
  return NUMERIC_TYPES.has(column.type.toLowerCase());
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCell(value: Cell, column?: Column): string {
  if (value === null) return "—";
  if (typeof value === "number") return numberFormat.format(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (column && /^timestamp/.test(column.type) && /T00:00:00/.test(value)) {
    return value.slice(0, 10);
  }
  return value;
}

export function formatMetric(
  value: number | string | null | undefined,
  format: "currency" | "number" | "percent" | undefined,
  wholeDollars = false,
): string {
  if (value === null || value === undefined) return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  switch (format) {
    case "currency":
      // The user's preference "money without cents" rounds to whole dollars.
      return new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: "USD",
        ...(wholeDollars ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
      }).format(n);
    case "percent":
      // The copilot sends percentages on a 0–100 scale (0.15 means 0.15 %, not 15 %).
      return `${numberFormat.format(n)}%`;
    default:
      return numberFormat.format(n);
  }
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString("en-GB", {
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function roleLabel(role: string): string {
  switch (role) {
    case "admin":
      return "Admin";
    case "store_manager":
      return "Store manager";
    case "marketing":
      return "Marketing";
    case "finance":
      return "Finance";
    default:
      return role;
  }
}

export function storesLabel(storeIds: number[], allStores: boolean): string {
  if (allStores) return "All stores";
  if (storeIds.length === 0) return "No stores";
  return `${storeIds.length === 1 ? "Store" : "Stores"} ${storeIds.join(", ")}`;
}
