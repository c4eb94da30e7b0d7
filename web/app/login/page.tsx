import type { Metadata } from "next";
import { LoginForm } from "@/components/session/LoginForm";
import { authConfig } from "@/lib/server/gateway";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const config = await authConfig();
  return (
    <main className="login">
      <LoginForm
        expired={params.expired === "1"}
        passwordLogin={config?.password_login ?? true}
        provider={config?.oidc.enabled ? (config.oidc.provider_name ?? "your company") : null}
      />
    </main>
  );
}
