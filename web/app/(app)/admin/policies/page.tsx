import type { Metadata } from "next";
import { cookies } from "next/headers";
import { PoliciesView } from "@/components/policies/PoliciesView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Administrators only</div>
        <p>The policy rules are visible to administrators.</p>
      </div>
    );
  }
  return <PoliciesView />;
}
