/**
 * Which methods of a stage the response cache serves, and how: shared by the
 * gateway (gateway/cache/policy.ts) and the console's warnings, so both read
 * the stage's settings the same way. No Node imports: the console bundles it.
 */

/** A method setting's cache fields as stored (AWS names). */
export interface CacheMethodSetting {
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";
}

/** The stage fields the decision reads. */
export interface CacheStageSettings {
  cache: { enabled: boolean };
  methodSettings: Record<string, CacheMethodSetting>;
}

/** AWS's default cache TTL and its maximum (seconds). */
export const DEFAULT_CACHE_TTL_SECONDS = 300;
export const MAX_CACHE_TTL_SECONDS = 3600;
/** Responses bigger than this (body plus headers, 1 MB as on AWS) are not cached. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

export type UnauthorizedStrategy = NonNullable<CacheMethodSetting["unauthorizedCacheControlHeaderStrategy"]>;

/** What applies to one method of a stage with its cache enabled. */
export interface MethodCachePolicy {
  ttlSeconds: number;
  requireAuthorizationForCacheControl: boolean;
  unauthorizedStrategy: UnauthorizedStrategy;
}

/**
 * The keys AWS may store a method's settings under: the resource path with
 * every "/" escaped as "~1" (`~1items~1{id}/GET`, AWS's CLI form), and the same
 * without the leading "~1" (`items~1{id}/GET`, how a patch path `/items~1{id}/GET/…`
 * is stored). The root resource is `~1/GET`.
 */
export function methodSettingKeys(resourcePath: string, verb: string): string[] {
  if (resourcePath === "/" || resourcePath === "") return [`~1/${verb}`];
  const escaped = resourcePath.replaceAll("/", "~1");
  return [`${escaped}/${verb}`, `${escaped.replace(/^~1/, "")}/${verb}`];
}

/**
 * Whether and how a request to this method is cached, or null when it is not.
 *
 * - The stage's cache must be enabled (`cacheClusterEnabled`).
 * - A setting for the method itself (`~1items/GET`) decides for any verb: its
 *   `cachingEnabled` (false unless set) and `cacheTtlInSeconds`.
 * - Otherwise the stage default `*\/*` applies to GET requests only, and with
 *   no `*\/*` either, GET requests are cached with the default TTL (300 s):
 *   as on AWS, only GET is cached unless a method's own setting enables it.
 * - A TTL of 0 turns caching off.
 */
export function cachePolicy(stage: CacheStageSettings, resourcePath: string, methodVerb: string, requestVerb: string): MethodCachePolicy | null {
  if (!stage.cache.enabled) return null;
  const settings = stage.methodSettings;
  let own: CacheMethodSetting | undefined;
  for (const key of methodSettingKeys(resourcePath, methodVerb)) {
    own = settings[key];
    if (own) break;
  }
  const all = settings["*/*"];
  let enabled: boolean;
  let setting: CacheMethodSetting | undefined;
  if (own) {
    enabled = own.cachingEnabled === true;
    setting = { ...all, ...own };
  } else {
    enabled = requestVerb === "GET" && (all ? all.cachingEnabled !== false : true);
    setting = all;
  }
  if (!enabled) return null;
  const ttlSeconds = Math.min(MAX_CACHE_TTL_SECONDS, Math.max(0, setting?.cacheTtlInSeconds ?? DEFAULT_CACHE_TTL_SECONDS));
  if (ttlSeconds === 0) return null;
  return {
    ttlSeconds,
    requireAuthorizationForCacheControl: setting?.requireAuthorizationForCacheControl ?? true,
    unauthorizedStrategy: setting?.unauthorizedCacheControlHeaderStrategy ?? "SUCCEED_WITH_RESPONSE_HEADER",
  };
}


/** What the warnings need of a method (the management API's TMethod has these). */
export interface CacheWarningMethod {
  httpMethod: string;
  authorizationType: string;
  methodIntegration: { cacheKeyParameters: string[] } | null;
}

/**
 * Console warnings about a stage's cache: a cached method behind an
 * authorizer (or IAM) whose cache key has no header to tell callers apart
 * (one caller's answer would be served to the others), and a cached method
 * whose path parameters are not in its cache key (every value shares one
 * entry, as on AWS).
 */
export function cacheWarnings(stage: CacheStageSettings, resources: Array<{ path: string; resourceMethods: Record<string, CacheWarningMethod> }>): string[] {
  if (!stage.cache.enabled) return [];
  const warnings: string[] = [];
  for (const resource of resources) {
    for (const method of Object.values(resource.resourceMethods)) {
      const requestVerb = method.httpMethod === "ANY" ? "GET" : method.httpMethod;
      if (!cachePolicy(stage, resource.path, method.httpMethod, requestVerb)) continue;
      const keyParameters = method.methodIntegration?.cacheKeyParameters ?? [];
      const where = `${method.httpMethod} ${resource.path}`;
      if (method.authorizationType !== "NONE" && !keyParameters.some((p) => p.startsWith("method.request.header."))) {
        warnings.push(
          `${where} uses ${method.authorizationType} authorization and is cached without a per-identity cache key: one caller's cached answer is served to every other authorized caller. Add method.request.header.Authorization (or the header carrying the identity) to its cache key parameters.`,
        );
      }
      for (const name of [...resource.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1])) {
        if (!keyParameters.includes(`method.request.path.${name}`)) {
          warnings.push(`${where} is cached but method.request.path.${name} is not one of its cache key parameters: every ${name} shares one cached answer.`);
        }
      }
    }
  }
  return warnings;
}

/**
 * AWS's form of a methodSettings key: `*\/*`, else the resource path with every
 * "/" escaped as "~1" (the leading one included) plus the verb:
 * `~1items~1{id}/GET`. Older Gatehouse consoles wrote the path without its
 * leading "~1" (`items~1{id}/GET`), and a patch path `/items/GET/…` stores
 * `items/GET`; both become `~1items/GET`. Anything else is returned as is
 * (validation names it).
 */
export function normalizeMethodSettingKey(key: string): string {
  const slash = key.lastIndexOf("/");
  if (slash <= 0) return key;
  const resource = key.slice(0, slash);
  const verb = key.slice(slash + 1);
  if (resource === "*" || resource.startsWith("~1")) return key;
  return `~1${resource}/${verb}`;
}

/** The settings with every key in AWS's form; an old-form entry and an AWS-form entry for one method merge (the AWS-form values win). */
export function normalizeMethodSettings<T extends object>(settings: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  const entries = Object.entries(settings);
  // Old-form keys first, so the AWS-form entry's values win on a merge.
  entries.sort(([a], [b]) => Number(normalizeMethodSettingKey(a) === a) - Number(normalizeMethodSettingKey(b) === b));
  for (const [key, value] of entries) {
    const k = normalizeMethodSettingKey(key);
    out[k] = out[k] ? { ...out[k], ...value } : value;
  }
  return out;
}

/** AWS's methodSettings key for a method of a resource (`/items/{id}` GET → `~1items~1{id}/GET`; `/` → `~1/GET`). */
export const awsMethodSettingKey = (resourcePath: string, verb: string) => methodSettingKeys(resourcePath, verb)[0];
