"use client";

import { useQuery } from "@tanstack/react-query";
import type { TAuthorizer } from "@/lib/schemas/authorizers";
import { api, enc } from "../api/client";

export const authorizersKey = (apiId: string) => ["restapis", apiId, "authorizers"] as const;

/** The API's authorizers (JWT secrets masked). */
export function useAuthorizers(apiId: string) {
  return useQuery({
    queryKey: authorizersKey(apiId),
    queryFn: async () => (await api.get<{ items: TAuthorizer[] }>(`/restapis/${enc(apiId)}/authorizers`)).items,
  });
}
