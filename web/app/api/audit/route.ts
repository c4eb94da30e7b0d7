import type { NextRequest } from "next/server";
import { forward, withParams } from "@/lib/server/gateway";

const PARAMS = ["limit", "offset", "status", "user", "since", "until"] as const;

export async function GET(request: NextRequest) {
  return forward(request, withParams("/api/audit", request, PARAMS));
}
