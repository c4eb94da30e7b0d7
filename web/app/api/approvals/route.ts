import type { NextRequest } from "next/server";
import { forward } from "@/lib/server/gateway";

const PARAMS = ["status", "limit"] as const;

export async function GET(request: NextRequest) {
  const query = new URLSearchParams();
  for (const name of PARAMS) {
    const value = request.nextUrl.searchParams.get(name);
    if (value) query.set(name, value);
  }
  const suffix = query.size ? `?${query.toString()}` : "";
  return forward(request, `/api/approvals${suffix}`);
}
