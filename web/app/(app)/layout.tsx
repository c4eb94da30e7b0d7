import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/layout/AppShell";
import { UserProvider } from "@/components/session/UserContext";
import { SESSION_COOKIE, currentUser } from "@/lib/server/gateway";

// Every signed-in page: the user comes from the gateway (from the token), never from the browser.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await currentUser(token);
  if (user === null) redirect(token ? "/login?expired=1" : "/login");
  if (user === "unavailable") {
    return (
      <main className="login">
        <div className="card login__card" role="alert">
          <h1>Service unavailable</h1>
          <p>The analytics service cannot be reached right now. Try again in a moment.</p>
          <a className="button" href="/analytics">
            Retry
          </a>
        </div>
      </main>
    );
  }
  return (
    <UserProvider user={user}>
      <AppShell>{children}</AppShell>
    </UserProvider>
  );
}
