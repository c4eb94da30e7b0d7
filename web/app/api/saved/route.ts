import type { NextRequest } from "next/server";
import { crossSiteRefusal, forward, readJsonBody } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, "/api/saved");
}

// Pinning a question (or one of your answers) to your board: the gateway validates the body.
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, "/api/saved", { method: "POST", body: body.text });
}
