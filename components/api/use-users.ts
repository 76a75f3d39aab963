"use client";

import { useQuery } from "@tanstack/react-query";
import type { TUser } from "@/lib/schemas/management";
import { api } from "./client";
import { keys } from "./keys";

export function useUsers() {
  return useQuery({
    queryKey: keys.users(),
    queryFn: async () => (await api.get<{ items: TUser[] }>("/users")).items,
  });
}
