import { NextResponse, type NextRequest } from "next/server";
import { errorResponse, gatewayUrl, SESSION_COOKIE } from "@/lib/server/gateway";
import {
  renderReport,
  REPORT_MAX_TURNS,
  type ReportRows,
  type ReportTurn,
} from "@/lib/server/report";

// GET /api/conversations/{id}/report: the printable report of a conversation, for its owner
// (lib/server/report.ts renders it; this handler fetches what it shows from the gateway). The
// browser's session cookie or an API client's Bearer token (the edge sends the gateway port's
// requests for this path here) both work; the gateway decides who owns what.
export const runtime = "nodejs";

function tokenOf(request: NextRequest): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return bearer?.[1] ?? request.cookies.get(SESSION_COOKIE)?.value ?? null;
}

// The gateway's error as it gave it (status, JSON body, request id).
function passOn(upstream: Response, body: string): NextResponse {
  return new NextResponse(body, {
    status: upstream.status,
    headers: {
      "Content-Type": upstream.headers.get("content-type") ?? "application/json",
      "X-Request-Id": upstream.headers.get("x-request-id") ?? "",
      "Cache-Control": "no-store",
    },
  });
}

export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!/^[0-9a-fA-F-]{1,64}$/.test(id)) {
    return errorResponse(404, "not_found", "No such conversation.");
  }
  const token = tokenOf(request);
  if (!token) return errorResponse(401, "unauthorized", "Sign in to continue.");
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    Accept: "application/json",
  };
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) headers["X-Forwarded-For"] = forwardedFor;
  const started = performance.now();
  try {
    const [conversationResponse, meResponse] = await Promise.all([
      fetch(gatewayUrl(`/api/conversations/${encodeURIComponent(id)}`), {
        headers,
        cache: "no-store",
      }),
      fetch(gatewayUrl("/api/me"), { headers, cache: "no-store" }),
    ]);
    const conversationText = await conversationResponse.text();
    if (!conversationResponse.ok) return passOn(conversationResponse, conversationText);
    const conversation = JSON.parse(conversationText) as { turns: ReportTurn[] };
    const me = meResponse.ok ? ((await meResponse.json()) as { username?: string }) : {};
    const turns = conversation.turns.slice(0, REPORT_MAX_TURNS);
    // Each answered turn's rows, re-run under the owner's current role and scope (one at a
    // time: each is a bounded query, and the copilot serves other people meanwhile).
    const rows = new Map<string, ReportRows | { error: string }>();
    for (const turn of turns) {
      if (turn.status !== "ok" || !turn.sql) continue;
      const response = await fetch(
        gatewayUrl(`/api/answers/${encodeURIComponent(turn.request_id)}/export?format=json`),
        { headers, cache: "no-store" },
      );
      const body = (await response.json().catch(() => null)) as
        (ReportRows & { error?: { message?: string } }) | null;
      if (response.ok && body && Array.isArray(body.columns)) {
        rows.set(turn.request_id, body);
      } else {
        rows.set(turn.request_id, { error: body?.error?.message ?? `HTTP ${response.status}` });
      }
    }
    const html = await renderReport({
      conversationId: id,
      username: me.username ?? "",
      turns,
      rows,
      generatedAt: new Date(),
    });
    const name = `conversation-${id.slice(0, 8).replace(/[^0-9a-fA-F]/g, "")}-report.html`;
    return new NextResponse(html, {
      status: 200,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Disposition": `inline; filename="${name}"`,
        "Cache-Control": "no-store",
        "X-Report-Render-Ms": String(Math.round(performance.now() - started)),
        // Self-contained: nothing to load from anywhere, no script at all.
        "Content-Security-Policy":
          "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
      },
    });
  } catch {
    return errorResponse(
      503,
      "upstream_unavailable",
      "The analytics service is unavailable right now. Try again in a moment.",
    );
  }
}
