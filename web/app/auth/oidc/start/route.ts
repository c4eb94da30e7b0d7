import { type NextRequest } from "next/server";
import type { OidcStart } from "@/lib/api/types";
import { OIDC_STATE_COOKIE, gatewayUrl, isHttps, seeOther } from "@/lib/server/gateway";

// "Sign in with <provider>": the gateway starts the flow (it keeps state, nonce and the PKCE
// verifier); the browser is sent to the provider with the state also kept in a short-lived
// httpOnly cookie, so that the callback is accepted only in the browser that started it.
export async function GET(request: NextRequest) {
  let started: OidcStart;
  try {
    const headers = new Headers({ Accept: "application/json", "Content-Type": "application/json" });
    const forwardedFor = request.headers.get("x-forwarded-for");
    if (forwardedFor) headers.set("X-Forwarded-For", forwardedFor);
    const upstream = await fetch(gatewayUrl("/api/auth/oidc/start"), {
      method: "POST",
      headers,
      body: "{}",
      cache: "no-store",
    });
    if (upstream.status !== 200) return seeOther("/login/refused?reason=provider_unavailable");
    started = (await upstream.json()) as OidcStart;
  } catch {
    return seeOther("/login/refused?reason=provider_unavailable");
  }
  const response = new Response(null, {
    status: 303,
    headers: { Location: started.authorization_url, "Cache-Control": "no-store" },
  });
  const secure = isHttps(request) ? "; Secure" : "";
  // SameSite=Lax: the provider's redirect back is a top-level navigation from another site.
  response.headers.append(
    "Set-Cookie",
    `${OIDC_STATE_COOKIE}=${encodeURIComponent(started.state)}; Path=/auth/callback; Max-Age=${Math.floor(started.expires_in)}; HttpOnly; SameSite=Lax${secure}`,
  );
  return response;
}
