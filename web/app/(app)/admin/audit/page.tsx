import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AuditView } from "@/components/audit/AuditView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Admins only</div>
        <p>The audit trail is visible to administrators.</p>
      </div>
    );
  }
  return <AuditView />;
}
