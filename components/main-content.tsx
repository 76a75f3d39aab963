"use client";

import { useSyncExternalStore, type ReactNode } from "react";

const noop = () => () => {};

/** The page area; `data-hydrated` turns true once React has attached (tests wait for it). */
export function MainContent({ children }: { children: ReactNode }) {
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  return (
    <main className="content" data-hydrated={hydrated}>
      {children}
    </main>
  );
}
