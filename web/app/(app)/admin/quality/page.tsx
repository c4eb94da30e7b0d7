import type { Metadata } from "next";
import { cookies } from "next/headers";
import { QualityView } from "@/components/review/QualityView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Quality" };

export default async function QualityPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Administrators only</div>
        <p>Answer quality is for administrators.</p>
      </div>
    );
  }
  return <QualityView />;
}
