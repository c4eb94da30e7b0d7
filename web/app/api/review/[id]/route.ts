import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward, readJsonBody } from "@/lib/server/gateway";

type Context = { params: Promise<{ id: string }> };

// A request id as the gateway mints or accepts them (letters, digits, dash, underscore, dot).
async function itemPath(context: Context): Promise<string | null> {
  const { id } = await context.params;
  return /^[A-Za-z0-9._-]{1,128}$/.test(id) ? `/api/review/${id}` : null;
}

export async function GET(request: NextRequest, context: Context) {
  const path = await itemPath(context);
  if (!path) return errorResponse(404, "not_found", "No such review item.");
  return forward(request, path);
}

export async function POST(request: NextRequest, context: Context) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const path = await itemPath(context);
  if (!path) return errorResponse(404, "not_found", "No such review item.");
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, path, { method: "POST", body: body.text });
}
