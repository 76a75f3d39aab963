/** Fetches JSON from the management API, turning its error shape into an Error. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  const body = (await res.json().catch(() => null)) as ({ message?: string } & T) | null;
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}
