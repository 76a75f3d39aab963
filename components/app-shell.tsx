import Link from "next/link";
import type { ReactNode } from "react";
import type { SessionUser } from "@/lib/auth";
import { CurrentUserProvider } from "./current-user";
import { permissionsOf } from "./permissions";
import { MainContent } from "./main-content";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./ui/theme-toggle";

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const nav = [
    { href: "/apis", label: "APIs" },
    { href: "/dashboard", label: "Dashboard" },
    { href: "/functions", label: "Functions" },
    { href: "/api-keys", label: "API keys" },
    { href: "/usage-plans", label: "Usage plans" },
    ...(permissionsOf(user.role).canTest ? [{ href: "/logs", label: "Logs" }] : []),
    { href: "/tester", label: "Tester" },
    ...(permissionsOf(user.role).canManageUsers ? [{ href: "/users", label: "Users" }] : []),
    { href: "/tokens", label: "Access tokens" },
    { href: "/access-keys", label: "Access keys (SigV4)" },
    { href: "/account", label: "Account limits" },
  ];
  return (
    <CurrentUserProvider user={user}>
      <div className="shell">
        <aside className="sidebar">
          <Link href="/apis" className="brand">
            Gatehouse
          </Link>
          <NavLinks items={nav} />
          <div className="sidebar-footer">
            <ThemeToggle />
            <div className="user-email" title={user.email}>
              {user.email}
            </div>
            <div className="muted small">{user.role}</div>
            <SignOutButton />
          </div>
        </aside>
        <MainContent>{children}</MainContent>
      </div>
    </CurrentUserProvider>
  );
}
