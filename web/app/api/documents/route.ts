import type { NextRequest } from "next/server";
import { crossSiteRefusal, errorResponse, forward, readUploadBody } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, "/api/documents");
}

// An upload as the gateway takes it: the document as the body, its type as Content-Type, and
// title and roles as query parameters (passed on as they came; the gateway checks them).
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const contentType = request.headers.get("content-type");
  if (!contentType) {
    return errorResponse(415, "unsupported_media_type", "Say what the document is (its type).");
  }
  const body = await readUploadBody(request);
  if ("error" in body) return body.error;
  const query = new URLSearchParams();
  query.set("title", request.nextUrl.searchParams.get("title") ?? "");
  query.set("roles", request.nextUrl.searchParams.get("roles") ?? "");
  return forward(request, `/api/documents?${query.toString()}`, {
    method: "POST",
    body: body.bytes,
    contentType,
  });
}
