import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward, readJsonBody } from "@/lib/server/gateway";

type Context = { params: Promise<{ id: string }> };

async function entryPath(context: Context): Promise<string | null> {
  const { id } = await context.params;
  return /^[0-9]{1,18}$/.test(id) ? `/api/org/memory/${id}` : null;
}

export async function GET(request: NextRequest, context: Context) {
  const path = await entryPath(context);
  if (!path) return errorResponse(404, "not_found", "No such memory entry.");
  return forward(request, path);
}

export async function PUT(request: NextRequest, context: Context) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const path = await entryPath(context);
  if (!path) return errorResponse(404, "not_found", "No such memory entry.");
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, path, { method: "PUT", body: body.text });
}

export async function DELETE(request: NextRequest, context: Context) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const path = await entryPath(context);
  if (!path) return errorResponse(404, "not_found", "No such memory entry.");
  return forward(request, path, { method: "DELETE" });
}
