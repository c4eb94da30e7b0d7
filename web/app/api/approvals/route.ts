import type { NextRequest } from "next/server";
import { forward, withParams } from "@/lib/server/gateway";

const PARAMS = ["status", "limit"] as const;

export async function GET(request: NextRequest) {
  return forward(request, withParams("/api/approvals", request, PARAMS));
}
