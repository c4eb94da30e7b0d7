// Server-only helpers for the route handlers under app/api/: they talk to the gateway with the
// JWT from the httpOnly session cookie, so the browser never sees the token.
import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { AuthConfig, ErrorCode, User } from "@/lib/api/types";

export const SESSION_COOKIE = "ac_session";
/** The state of an OpenID Connect sign-in in progress, bound to this browser. */
export const OIDC_STATE_COOKIE = "ac_oidc_state";
/** Set when the session came from the identity provider: logout then ends the provider's too. */
export const SSO_COOKIE = "ac_sso";
const MAX_BODY_BYTES = 64 * 1024;
const PASSED_HEADERS = [
  "content-type",
  "x-request-id",
  "retry-after",
  "cache-control",
  "content-disposition",
  "x-content-type-options",
];

export function gatewayUrl(path: string): string {
  const base = (process.env.GATEWAY_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  return base + path;
}

/**
 * `path` with the named query parameters of the browser's request that have a value (and no
 * others): the gateway sees only what the route is documented to take.
 */
export function withParams(path: string, request: NextRequest, names: readonly string[]): string {
  const query = new URLSearchParams();
  for (const name of names) {
    const value = request.nextUrl.searchParams.get(name);
    if (value) query.set(name, value);
  }
  return query.size ? `${path}?${query.toString()}` : path;
}

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): NextResponse {
  const requestId = `web-${randomUUID()}`;
  return NextResponse.json(
    { error: { code, message, request_id: requestId, ...extra } },
    { status, headers: { "X-Request-Id": requestId, "Cache-Control": "no-store" } },
  );
}

/** Refuses state-changing requests sent from another site (defence in depth besides SameSite). */
export function crossSiteRefusal(request: NextRequest): NextResponse | null {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return errorResponse(403, "forbidden", "Cross-site requests are not accepted.");
  }
  const origin = request.headers.get("origin");
  if (origin) {
    let host = "";
    try {
      host = new URL(origin).host;
    } catch {
      host = "";
    }
    if (host !== request.headers.get("host")) {
      return errorResponse(403, "forbidden", "Cross-site requests are not accepted.");
    }
  }
  return null;
}

/**
 * Reads a JSON request body as it streams in, counting bytes received: at most MAX_BODY_BYTES
 * are ever held, whatever the framing (Content-Length, chunked); a larger body is refused as
 * soon as it passes the limit, and a compressed one before any of it is read.
 */
export async function readJsonBody(
  request: NextRequest,
): Promise<{ text: string } | { error: NextResponse }> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return {
      error: errorResponse(415, "unsupported_media_type", "Send the body as application/json."),
    };
  }
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") {
    return {
      error: errorResponse(415, "unsupported_media_type", "Compressed bodies are not accepted."),
    };
  }
  const tooLarge = () => ({
    error: errorResponse(413, "payload_too_large", "The request body is too large."),
  });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  return { text: Buffer.concat(chunks).toString("utf8") };
}

function unreachable(): NextResponse {
  return errorResponse(
    503,
    "upstream_unavailable",
    "The analytics service is unavailable right now. Try again in a moment.",
  );
}

/** The largest document upload passed on (the gateway's DOCUMENT_MAX_BYTES decides for real). */
export const MAX_UPLOAD_BYTES = Number(process.env.DOCUMENT_MAX_BYTES ?? 2 * 1024 * 1024);

/**
 * Reads an upload's body (a document: Markdown, text or PDF) as it streams in, at most
 * MAX_UPLOAD_BYTES; a larger one is refused as soon as it passes the limit.
 */
export async function readUploadBody(
  request: NextRequest,
): Promise<{ bytes: ArrayBuffer } | { error: NextResponse }> {
  const tooLarge = () => ({
    error: errorResponse(413, "payload_too_large", "The document is too large."),
  });
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") {
    return {
      error: errorResponse(415, "unsupported_media_type", "Compressed bodies are not accepted."),
    };
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > MAX_UPLOAD_BYTES) {
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  const all = Buffer.concat(chunks);
  return {
    bytes: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
  };
}

interface ForwardOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** A JSON text, or an upload's bytes (with contentType). */
  body?: string | ArrayBuffer;
  contentType?: string;
  accept?: string;
  /** Whether the call needs the session (every call but login). */
  authenticated?: boolean;
}

/**
 * Forwards a call to the gateway and passes its answer through unchanged: status, JSON or
 * event-stream body (streamed, not buffered), X-Request-Id and Retry-After.
 */
export async function forward(
  request: NextRequest,
  path: string,
  options: ForwardOptions = {},
): Promise<NextResponse> {
  const {
    method = "GET",
    body,
    contentType = "application/json",
    accept = "application/json",
    authenticated = true,
  } = options;
  const headers = new Headers({ Accept: accept });
  if (body !== undefined) headers.set("Content-Type", contentType);
  if (authenticated) {
    const token = request.cookies.get(SESSION_COOKIE)?.value;
    if (!token) return errorResponse(401, "unauthorized", "Sign in to continue.");
    headers.set("Authorization", `Bearer ${token}`);
  }
  // The client's address as server/main.mjs determined it from the socket (never a value the
  // client wrote): the gateway believes it because this server is one of its TRUSTED_PROXIES.
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) headers.set("X-Forwarded-For", forwardedFor);

  let upstream: Response;
  try {
    upstream = await fetch(gatewayUrl(path), {
      method,
      headers,
      body,
      cache: "no-store",
      redirect: "manual",
      signal: request.signal,
    });
  } catch {
    return unreachable();
  }

  const out = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  if (!out.has("cache-control")) out.set("Cache-Control", "no-store");
  const streaming = (out.get("content-type") ?? "").includes("text/event-stream");
  if (streaming) {
    // no-transform keeps compression (and any proxy) from buffering the stream.
    out.set("Cache-Control", "no-cache, no-transform");
    out.set("X-Accel-Buffering", "no");
  }
  const response = new NextResponse(upstream.body, { status: upstream.status, headers: out });
  if (upstream.status === 401 && authenticated) response.cookies.delete(SESSION_COOKIE);
  return response;
}

/** The signed-in user, from the gateway (server components); null when there is no session. */
export async function currentUser(token: string | undefined): Promise<User | null | "unavailable"> {
  if (!token) return null;
  try {
    const response = await fetch(gatewayUrl("/api/me"), {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      cache: "no-store",
    });
    if (response.status === 401) return null;
    if (!response.ok) return "unavailable";
    return (await response.json()) as User;
  } catch {
    return "unavailable";
  }
}

/** How one may sign in (password, an identity provider); null when the gateway cannot say. */
export async function authConfig(): Promise<AuthConfig | null> {
  try {
    const response = await fetch(gatewayUrl("/api/auth/config"), {
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return null;
    return (await response.json()) as AuthConfig;
  } catch {
    return null;
  }
}

/** The session cookie's settings (httpOnly: the browser never reads the token). */
export function sessionCookie(secure: boolean, maxAge: number) {
  return {
    httpOnly: true,
    sameSite: "strict" as const,
    secure,
    path: "/",
    maxAge: Math.max(1, Math.floor(maxAge)),
  };
}

/** Whether the browser reached us over HTTPS (directly or through the edge). */
export function isHttps(request: NextRequest): boolean {
  if (process.env.COOKIE_SECURE === "1") return true;
  const forwarded = request.headers.get("x-forwarded-proto");
  return (forwarded ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

/** A 303 to a path of this site (relative: right behind any proxy). */
export function seeOther(location: string): NextResponse {
  return new NextResponse(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store" },
  });
}
