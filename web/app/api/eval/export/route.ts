import type { NextRequest } from "next/server";
import { forward, withParams } from "@/lib/server/gateway";

const PARAMS = ["since", "until"] as const;

export async function GET(request: NextRequest) {
  return forward(request, withParams("/api/eval/export", request, PARAMS), {
    accept: "application/x-ndjson",
  });
}
