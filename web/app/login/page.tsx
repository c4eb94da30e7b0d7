import type { Metadata } from "next";
import { LoginForm } from "@/components/session/LoginForm";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <main className="login">
      <LoginForm expired={params.expired === "1"} />
    </main>
  );
}
