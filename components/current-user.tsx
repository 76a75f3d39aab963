"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { SessionUser } from "@/lib/auth";
import { permissionsOf } from "./permissions";

const CurrentUserContext = createContext<SessionUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): SessionUser | null {
  return useContext(CurrentUserContext);
}

export function usePermissions() {
  return permissionsOf(useCurrentUser()?.role);
}
