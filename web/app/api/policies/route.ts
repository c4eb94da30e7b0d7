import type { NextRequest } from "next/server";
import { crossSiteRefusal, forward, readJsonBody } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, "/api/policies");
}

// Saving a version: the body goes to the gateway as it came (the gateway validates it with the
// copilot's own compiler and answers 422 with the error, or 409 when the base version is stale).
export async function PUT(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, "/api/policies", { method: "PUT", body: body.text });
}
