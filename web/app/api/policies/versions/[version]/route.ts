import type { NextRequest } from "next/server";
import { errorResponse, forward } from "@/lib/server/gateway";

export async function GET(request: NextRequest, context: { params: Promise<{ version: string }> }) {
  const { version } = await context.params;
  if (!/^[0-9]{1,18}$/.test(version)) {
    return errorResponse(404, "not_found", "No such policy version.");
  }
  return forward(request, `/api/policies/versions/${version}`);
}
