import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward, readJsonBody } from "@/lib/server/gateway";

export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const { id } = await context.params;
  if (!/^[0-9]{1,18}$/.test(id)) return errorResponse(404, "not_found", "No such approval.");
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, `/api/approvals/${id}/approve`, { method: "POST", body: body.text });
}
