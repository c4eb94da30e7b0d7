import type { NextRequest } from "next/server";
import { errorResponse, forward } from "@/lib/server/gateway";

export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!/^[0-9a-fA-F-]{1,64}$/.test(id)) {
    return errorResponse(404, "not_found", "No such conversation.");
  }
  return forward(request, `/api/conversations/${encodeURIComponent(id)}`);
}
