import type { NextRequest } from "next/server";
import { forward } from "@/lib/server/gateway";

export async function GET(request: NextRequest) {
  return forward(request, `/api/eval/corrections${request.nextUrl.search}`);
}
