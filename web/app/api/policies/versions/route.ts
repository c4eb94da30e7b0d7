import type { NextRequest } from "next/server";
import { forward } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  const limit = request.nextUrl.searchParams.get("limit");
  const suffix = limit ? `?${new URLSearchParams({ limit }).toString()}` : "";
  return forward(request, `/api/policies/versions${suffix}`);
}
