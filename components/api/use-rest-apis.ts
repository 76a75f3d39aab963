"use client";

import { useQuery } from "@tanstack/react-query";
import type { TRestApi } from "@/lib/schemas/management";
import { api } from "./client";
import { keys } from "./keys";

export function useRestApis() {
  return useQuery({
    queryKey: keys.restApis(),
    queryFn: async () => (await api.get<{ items: TRestApi[] }>("/restapis")).items,
  });
}
