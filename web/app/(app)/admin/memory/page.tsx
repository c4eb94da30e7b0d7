import type { Metadata } from "next";
import { cookies } from "next/headers";
import { OrgMemoryView } from "@/components/orgmemory/OrgMemoryView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Organisation memory" };

export default async function OrgMemoryPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Administrators only</div>
        <p>The organisation&apos;s memory is managed by administrators.</p>
      </div>
    );
  }
  return <OrgMemoryView />;
}
