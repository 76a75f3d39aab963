"use client";

import { useQuery } from "@tanstack/react-query";
import type { TRestApi } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

export function useRestApi(apiId: string) {
  return useQuery({
    queryKey: keys.restApi(apiId),
    queryFn: () => api.get<TRestApi>(`/restapis/${enc(apiId)}`),
  });
}
