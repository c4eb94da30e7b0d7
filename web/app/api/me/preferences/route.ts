import type { NextRequest } from "next/server";
import { crossSiteRefusal, forward, readJsonBody } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, "/api/me/preferences");
}

// Setting preferences: the body goes to the gateway as it came (it validates each key and
// answers 422 naming the field, or 403 for stores outside the caller's scope).
export async function PUT(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  return forward(request, "/api/me/preferences", { method: "PUT", body: body.text });
}

export async function DELETE(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  return forward(request, "/api/me/preferences", { method: "DELETE" });
}
