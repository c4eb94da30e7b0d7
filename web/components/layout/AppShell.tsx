"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useUser } from "@/components/session/UserContext";
import { roleLabel, storesLabel } from "@/lib/format";

export function AppShell({ children }: { children: React.ReactNode }) {
  const user = useUser();
  const pathname = usePathname();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    const response = await fetch("/api/auth/logout", {
      method: "POST",
      credentials: "same-origin",
    }).catch(() => null);
    // Signed in through the identity provider: its session ends too (it sends the browser back
    // to /login).
    const body: unknown = response?.status === 200 ? await response.json().catch(() => null) : null;
    if (
      body &&
      typeof body === "object" &&
      "logout_url" in body &&
      typeof body.logout_url === "string"
    ) {
      window.location.assign(body.logout_url);
      return;
    }
    // A full navigation on purpose: nothing of the session's client state survives sign-out.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/login");
  }

  const links = [
    { href: "/analytics", label: "Analytics" },
    { href: "/catalog", label: "What can I ask?" },
    { href: "/saved", label: "Saved" },
    { href: "/settings", label: "Settings" },
  ];
  if (user.role === "admin") {
    links.push({ href: "/admin/audit", label: "Audit" });
    links.push({ href: "/admin/approvals", label: "Approvals" });
    links.push({ href: "/admin/policies", label: "Policies" });
    links.push({ href: "/admin/memory", label: "Memory" });
    links.push({ href: "/admin/review", label: "Review" });
    links.push({ href: "/admin/quality", label: "Quality" });
    links.push({ href: "/admin/documents", label: "Documents" });
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link className="brand" href="/analytics">
          <span className="brand__mark" aria-hidden="true">
            AC
          </span>
          <span>Analytics Copilot</span>
        </Link>
        <nav className="app-nav" aria-label="Main">
          {links.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={pathname.startsWith(link.href) ? "page" : undefined}
            >
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="app-header__user">
          <div className="user-chip" data-testid="user-chip">
            <span className="user-chip__name">{user.username}</span>
            <span className="user-chip__meta">
              {roleLabel(user.role)} · {storesLabel(user.store_ids, user.is_all_stores)}
            </span>
          </div>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={signOut}
            disabled={signingOut}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
