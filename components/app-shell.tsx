import Link from "next/link";
import type { ReactNode } from "react";
import type { SessionUser } from "@/lib/auth";
import { SignOutButton } from "./sign-out-button";

const NAV = [{ href: "/apis", label: "APIs" }];

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/apis" className="brand">
          Gatehouse
        </Link>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="nav-link">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="sidebar-footer">
          <div className="user-email" title={user.email}>
            {user.email}
          </div>
          <div className="muted small">{user.role}</div>
          <SignOutButton />
        </div>
      </aside>
      <main className="content">{children}</main>
    </div>
  );
}
