import type { NextRequest } from "next/server";
import { errorResponse, forward } from "@/lib/server/gateway";

// An answer as a file (CSV or XLSX) or as JSON rows: the gateway re-runs the answer's audited SQL
// under the asker's current role and scope and builds the file; it passes through unchanged
// (Content-Disposition included).
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(id)) {
    return errorResponse(404, "not_found", "No such answer.");
  }
  const format = request.nextUrl.searchParams.get("format") ?? "";
  return forward(
    request,
    `/api/answers/${encodeURIComponent(id)}/export?format=${encodeURIComponent(format)}`,
    { accept: "*/*" },
  );
}
