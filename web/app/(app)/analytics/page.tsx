import type { Metadata } from "next";
import { Workspace } from "@/components/ask/Workspace";

export const metadata: Metadata = { title: "Analytics" };

// `?q=` asks a question on arrival (the catalog page's example questions link here).
export default async function AnalyticsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { q } = await searchParams;
  const question = (Array.isArray(q) ? q[0] : q)?.trim().slice(0, 2000);
  return <Workspace initialQuestion={question || undefined} />;
}
