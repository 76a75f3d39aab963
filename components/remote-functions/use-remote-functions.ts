"use client";

import { useQuery } from "@tanstack/react-query";
import type { TRemoteFunction } from "@/lib/schemas/remote-functions";
import { api } from "../api/client";

export const remoteFunctionKeys = {
  all: () => ["remote-functions"] as const,
};

export function useRemoteFunctions() {
  return useQuery({
    queryKey: remoteFunctionKeys.all(),
    queryFn: async () => (await api.get<{ items: TRemoteFunction[] }>("/remote-functions")).items,
  });
}

/** The start of an access key id, enough to tell keys apart without showing all of it. */
export function accessKeyPrefix(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 8)}…` : accessKeyId;
}
