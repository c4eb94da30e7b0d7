import type { Metadata } from "next";
import { SavedBoard } from "@/components/saved/SavedBoard";

export const metadata: Metadata = { title: "Saved questions" };

export default function SavedPage() {
  return <SavedBoard />;
}
