import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward } from "@/lib/server/gateway";

export async function DELETE(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const { id } = await context.params;
  if (!/^[0-9]{1,18}$/.test(id)) return errorResponse(404, "not_found", "No such saved question.");
  return forward(request, `/api/saved/${id}`, { method: "DELETE" });
}
