import type { Metadata } from "next";
import { CatalogView } from "@/components/catalog/CatalogView";

export const metadata: Metadata = { title: "What can I ask?" };

export default function CatalogPage() {
  return <CatalogView />;
}
