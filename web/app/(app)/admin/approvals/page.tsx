import type { Metadata } from "next";
import { cookies } from "next/headers";
import { ApprovalsView } from "@/components/approvals/ApprovalsView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Approvers only</div>
        <p>The approval queue is visible to administrators.</p>
      </div>
    );
  }
  return <ApprovalsView />;
}
