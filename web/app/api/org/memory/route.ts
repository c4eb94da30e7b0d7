import type { NextRequest } from "next/server";
import { crossSiteRefusal, forward, readJsonBody } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, "/api/org/memory");
}

export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, "/api/org/memory", { method: "POST", body: body.text });
}
