/** The API page's tabs (`?tab=`); shared by the page (server) and the client component. */
export const API_TABS = [
  { id: "resources", label: "Resources" },
  { id: "models", label: "Models" },
  { id: "authorizers", label: "Authorizers" },
  { id: "gateway-responses", label: "Gateway responses" },
  { id: "stages", label: "Stages" },
  { id: "deployments", label: "Deployments" },
  { id: "settings", label: "Settings" },
] as const;
export type ApiTab = (typeof API_TABS)[number]["id"];

export function apiTab(value: string | string[] | undefined): ApiTab {
  return API_TABS.find((t) => t.id === value)?.id ?? "resources";
}
