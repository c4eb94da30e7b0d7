import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, crossSiteRefusal, forward } from "@/lib/server/gateway";

// Signs out at the gateway (the token goes on its deny-list, so a copy of the cookie is useless
// from now on), then clears the cookie whatever the gateway said.
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  if (request.cookies.get(SESSION_COOKIE)) {
    await forward(request, "/api/auth/logout", { method: "POST", body: "{}" });
  }
  const response = new NextResponse(null, {
    status: 204,
    headers: { "Cache-Control": "no-store" },
  });
  response.cookies.set(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: 0,
  });
  return response;
}
