import type { Metadata } from "next";
import { cookies } from "next/headers";
import { ReviewView } from "@/components/review/ReviewView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Administrators only</div>
        <p>The review queue is for administrators.</p>
      </div>
    );
  }
  return <ReviewView />;
}
