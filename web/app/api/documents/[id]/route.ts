import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward } from "@/lib/server/gateway";

type Context = { params: Promise<{ id: string }> };

export async function DELETE(request: NextRequest, context: Context) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const { id } = await context.params;
  if (!/^[0-9]{1,18}$/.test(id)) return errorResponse(404, "not_found", "No such document.");
  return forward(request, `/api/documents/${id}`, { method: "DELETE" });
}
