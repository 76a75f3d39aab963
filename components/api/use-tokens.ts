"use client";

import { useQuery } from "@tanstack/react-query";
import type { TToken } from "@/lib/schemas/management";
import { api } from "./client";
import { keys } from "./keys";

export function useTokens() {
  return useQuery({
    queryKey: keys.tokens(),
    queryFn: async () => (await api.get<{ items: TToken[] }>("/tokens")).items,
  });
}
