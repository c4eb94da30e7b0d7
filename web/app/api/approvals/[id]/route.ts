import type { NextRequest } from "next/server";
import { errorResponse, forward } from "@/lib/server/gateway";

// One held question: its requester follows it from the ask page (the gateway answers 404 to
// anyone else).
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!/^[0-9]{1,18}$/.test(id)) return errorResponse(404, "not_found", "No such approval.");
  return forward(request, `/api/approvals/${id}`);
}
