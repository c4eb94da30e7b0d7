import type { Metadata } from "next";
import { cookies } from "next/headers";
import { DocumentsView } from "@/components/documents/DocumentsView";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage() {
  const user = await currentUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (user === null || user === "unavailable" || user.role !== "admin") {
    return (
      <div className="alert alert--danger" role="alert" data-testid="forbidden">
        <div className="alert__title">Administrators only</div>
        <p>The organisation&apos;s documents are managed by administrators.</p>
      </div>
    );
  }
  return <DocumentsView />;
}
