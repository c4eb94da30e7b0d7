import type { Metadata } from "next";
import { Workspace } from "@/components/ask/Workspace";

export const metadata: Metadata = { title: "Analytics" };

export default function AnalyticsPage() {
  return <Workspace />;
}
