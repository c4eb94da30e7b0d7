import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward } from "@/lib/server/gateway";

export async function DELETE(request: NextRequest, context: { params: Promise<{ key: string }> }) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const { key } = await context.params;
  if (!/^[a-z_]{1,64}$/.test(key)) {
    return errorResponse(404, "not_found", "No such preference.");
  }
  return forward(request, `/api/me/preferences/${encodeURIComponent(key)}`, { method: "DELETE" });
}
