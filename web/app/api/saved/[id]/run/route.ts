import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward } from "@/lib/server/gateway";

// Runs a saved question again, as the signed-in user (their role and stores now).
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const { id } = await context.params;
  if (!/^[0-9]{1,18}$/.test(id)) return errorResponse(404, "not_found", "No such saved question.");
  return forward(request, `/api/saved/${id}/run`, { method: "POST", body: "{}" });
}
