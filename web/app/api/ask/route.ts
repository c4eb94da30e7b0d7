import type { NextRequest } from "next/server";
import { crossSiteRefusal, forward, readJsonBody } from "@/lib/server/gateway";

// The ask is passed through as the browser asked for it: JSON, or a server-sent event stream
// that is piped to the browser as it arrives (stage progress shows while the answer is computed).
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;
  const wantsStream = (request.headers.get("accept") ?? "").includes("text/event-stream");
  return forward(request, "/api/ask", {
    method: "POST",
    body: body.text,
    accept: wantsStream ? "text/event-stream" : "application/json",
  });
}
