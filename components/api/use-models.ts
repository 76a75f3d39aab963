"use client";

import { useQuery } from "@tanstack/react-query";
import type { TGatewayResponse, TModel, TRequestValidator } from "@/lib/schemas/management";
import { api, enc } from "./client";
import { keys } from "./keys";

/** The API's models (JSON schemas), by name. */
export function useModels(apiId: string) {
  return useQuery({
    queryKey: keys.models(apiId),
    queryFn: async () => (await api.get<{ items: TModel[] }>(`/restapis/${enc(apiId)}/models`)).items,
  });
}

/** The API's request validators. */
export function useRequestValidators(apiId: string) {
  return useQuery({
    queryKey: keys.requestValidators(apiId),
    queryFn: async () => (await api.get<{ items: TRequestValidator[] }>(`/restapis/${enc(apiId)}/requestvalidators`)).items,
  });
}

/** Every gateway response type of the API, defaults included. */
export function useGatewayResponses(apiId: string) {
  return useQuery({
    queryKey: keys.gatewayResponses(apiId),
    queryFn: async () => (await api.get<{ items: TGatewayResponse[] }>(`/restapis/${enc(apiId)}/gatewayresponses`)).items,
  });
}

/** The mapping template AWS generates from a model (`GET …/models/{name}/default_template`). */
export async function fetchDefaultTemplate(apiId: string, modelName: string): Promise<string> {
  return (await api.get<{ value: string }>(`/restapis/${enc(apiId)}/models/${enc(modelName)}/default_template`)).value;
}
