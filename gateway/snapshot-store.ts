import pg from "pg";
import { DEPLOY_CHANNEL, ZDeployNotice, ZDeploymentSnapshot, type TDeployNotice, type TDeploymentSnapshot } from "../lib/snapshot";

export type AccessNotice = Extract<TDeployNotice, { kind: "access" }>;
/** Notices for live gateway state outside deployments: account limits, cache flushes. */
export type StateNotice = Extract<TDeployNotice, { kind: "account" | "flush-cache" }>;
import { decryptSecret, isEncryptedSecret } from "../lib/secrets";
import { RouteTable } from "./routing/route-table";
import type { FunctionRecord } from "./functions/types";

/** One immutable deployment, parsed and indexed once. */
export interface ServedDeployment {
  deploymentId: string;
  snapshot: TDeploymentSnapshot;
  routes: RouteTable;
}

/**
 * A stage's method settings as stored (AWS keys: `*\/*`, `~1items/GET`), read
 * leniently: fields of the wrong type are left out. Throttling and caching
 * read them per request, so a stage update applies without a redeploy.
 */
export interface ServedMethodSetting {
  throttlingRateLimit?: number;
  throttlingBurstLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: "FAIL_WITH_403" | "SUCCEED_WITH_RESPONSE_HEADER" | "SUCCEED_WITHOUT_RESPONSE_HEADER";
  metricsEnabled?: boolean;
  loggingLevel?: string;
  dataTraceEnabled?: boolean;
}

/** A stage as served: its deployment and variables, and its canary if it has one. */
export interface ServedStage {
  restApiId: string;
  stageName: string;
  deployment: ServedDeployment;
  variables: Record<string, string>;
  /** Method settings by AWS key (`*\/*`, `~1items/GET`). */
  methodSettings: Record<string, ServedMethodSetting>;
  /** The stage's response cache (AWS cache cluster): size in GB as AWS names it ("0.5" … "237"). */
  cache: { enabled: boolean; size: string };
  /** Access log format ("CLF", "JSON" or a custom `$context` template); null: access logging off. */
  accessLogFormat: string | null;
  canary?: {
    deployment: ServedDeployment;
    /** 0–100. */
    percentTraffic: number;
    /** The stage's variables with the canary's overrides laid over them. */
    variables: Record<string, string>;
  };
}

type Log = (level: "info" | "warn" | "error", message: string) => void;

interface StageRow {
  restApiId: string;
  name: string;
  deploymentId: string;
  variables: unknown;
  snapshot: unknown;
  canaryDeploymentId: string | null;
  canaryPercent: number | null;
  canaryVariables: unknown;
  canarySnapshot: unknown;
  methodSettings: unknown;
  cacheClusterEnabled: boolean;
  cacheClusterSize: string;
  accessLogFormat: string | null;
}

interface FunctionRow {
  name: string;
  handler: string;
  code: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: unknown;
  reservedConcurrency: number | null;
  version: number;
  updatedAt: Date;
}

interface VersionRow {
  id: string;
  name: string;
  number: number;
  handler: string;
  code: string;
  environment: unknown;
  timeoutSeconds: number;
  memoryMb: number;
}

interface RemoteRow {
  functionArn: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
}

/** A function behind a Lambda Invoke API, with its credentials decrypted (memory only). */
export interface RemoteFunctionRecord {
  functionArn: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** $LATEST and the published versions of one function. */
export interface ServedFunction {
  latest: FunctionRecord;
  versions: Map<string, FunctionRecord>;
}

const STAGE_QUERY = `SELECT s."restApiId", s."name", s."deploymentId", s."variables", d."snapshot", s."methodSettings", s."cacheClusterEnabled", s."cacheClusterSize", s."accessLogFormat",
    s."canaryDeploymentId", s."canaryPercent", s."canaryVariables", c."snapshot" AS "canarySnapshot"
  FROM "Stage" s JOIN "Deployment" d ON d."id" = s."deploymentId"
  LEFT JOIN "Deployment" c ON c."id" = s."canaryDeploymentId"`;
const FUNCTION_QUERY = `SELECT "name", "handler", "code", "timeoutSeconds", "memoryMb", "environment", "reservedConcurrency",
    "version", "updatedAt" FROM "Function"`;
const VERSION_QUERY = `SELECT v."id", f."name", v."number", v."handler", v."code", v."environment", v."timeoutSeconds", v."memoryMb"
  FROM "FunctionVersion" v JOIN "Function" f ON f."id" = v."functionId"`;

const REMOTE_QUERY = `SELECT "functionArn", "endpoint", "region", "accessKeyId", "secretAccessKey", "sessionToken" FROM "RemoteFunction"`;

const stageKey = (restApiId: string, stageName: string) => `${restApiId}/${stageName}`;

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

const NUMBER_FIELDS = ["throttlingRateLimit", "throttlingBurstLimit", "cacheTtlInSeconds"] as const;
const BOOLEAN_FIELDS = ["cachingEnabled", "cacheDataEncrypted", "requireAuthorizationForCacheControl", "metricsEnabled", "dataTraceEnabled"] as const;
const STRATEGIES = new Set(["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"]);

function methodSettings(value: unknown): Record<string, ServedMethodSetting> {
  const out: Record<string, ServedMethodSetting> = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [key, raw] of Object.entries(value)) {
    if (!raw || typeof raw !== "object") continue;
    const entry = raw as Record<string, unknown>;
    const setting: ServedMethodSetting = {};
    for (const f of NUMBER_FIELDS) if (typeof entry[f] === "number" && Number.isFinite(entry[f])) setting[f] = entry[f];
    for (const f of BOOLEAN_FIELDS) if (typeof entry[f] === "boolean") setting[f] = entry[f];
    if (typeof entry.loggingLevel === "string") setting.loggingLevel = entry.loggingLevel;
    const strategy = entry.unauthorizedCacheControlHeaderStrategy;
    if (typeof strategy === "string" && STRATEGIES.has(strategy)) setting.unauthorizedCacheControlHeaderStrategy = strategy as ServedMethodSetting["unauthorizedCacheControlHeaderStrategy"];
    out[key] = setting;
  }
  return out;
}

/**
 * The gateway's in-memory view of what is deployed. Loaded whole at start,
 * refreshed per stage on NOTIFY, and reloaded whole after a lost connection
 * (notifications sent meanwhile are gone). Requests only ever read memory; if
 * the database is down, the last good snapshot keeps serving.
 */
export class SnapshotStore {
  private stages = new Map<string, ServedStage>();
  private functions = new Map<string, ServedFunction>();
  private remotes = new Map<string, RemoteFunctionRecord>();
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Called after every successful load, for tests and logs. */
  onChange: (what: string) => void = () => {};
  /** Called after a function was (re)loaded or removed. */
  onFunction: (name: string, served: ServedFunction | undefined) => void = () => {};
  private accessListeners: Array<{ onNotice(notice: AccessNotice): void; onReconnect(): void }> = [];

  /**
   * Live access configuration (API keys, usage plans, access keys) is held by
   * its own stores; they hear its notices over this store's LISTEN connection,
   * and reload whole after a lost connection (notices sent meanwhile are gone).
   */
  subscribeAccess(listener: { onNotice(notice: AccessNotice): void; onReconnect(): void }): void {
    this.accessListeners.push(listener);
  }

  private stateListeners: Array<{ onNotice(notice: StateNotice): void; onReconnect(): void }> = [];

  /** Account limits and cache flushes, heard the same way (reload whole after a lost connection). */
  subscribeState(listener: { onNotice(notice: StateNotice): void; onReconnect(): void }): void {
    this.stateListeners.push(listener);
  }

  constructor(
    private readonly databaseUrl: string,
    private readonly pool: pg.Pool,
    private readonly log: Log,
    /** GATEHOUSE_SECRET_KEY, to decrypt secret environment variables. */
    private readonly secretKey?: string,
  ) {}

  getStage(restApiId: string, stageName: string): ServedStage | undefined {
    return this.stages.get(stageKey(restApiId, stageName));
  }

  hasApi(restApiId: string): boolean {
    for (const stage of this.stages.values()) if (stage.restApiId === restApiId) return true;
    return false;
  }

  /**
   * The function version to run: `name`, `name:N` or `name:$LATEST`, or a
   * separate qualifier (which wins). Aliases are not supported.
   */
  getFunction(nameOrQualified: string, qualifier?: string): FunctionRecord | undefined {
    const at = nameOrQualified.indexOf(":");
    const name = at < 0 ? nameOrQualified : nameOrQualified.slice(0, at);
    const q = qualifier ?? (at < 0 ? "$LATEST" : nameOrQualified.slice(at + 1));
    const served = this.functions.get(name);
    if (!served) return undefined;
    return q === "$LATEST" || q === "" ? served.latest : served.versions.get(q);
  }

  /** The remote function registered under exactly this ARN. */
  getRemoteFunction(arn: string): RemoteFunctionRecord | undefined {
    return this.remotes.get(arn);
  }

  get stageCount(): number {
    return this.stages.size;
  }

  async start(): Promise<void> {
    await this.listen();
    await this.loadAll();
  }

  /** A deployment parsed once: deployments are immutable, so one already served under the same id is reused. */
  private toDeployment(deploymentId: string, snapshot: unknown, reuse: Map<string, ServedDeployment>): ServedDeployment | null {
    const known = reuse.get(deploymentId);
    if (known) return known;
    const parsed = ZDeploymentSnapshot.safeParse(snapshot);
    if (!parsed.success) return null;
    const served = { deploymentId, snapshot: parsed.data, routes: new RouteTable(parsed.data.resources) };
    reuse.set(deploymentId, served);
    return served;
  }

  private deploymentsInUse(): Map<string, ServedDeployment> {
    const inUse = new Map<string, ServedDeployment>();
    for (const stage of this.stages.values()) {
      inUse.set(stage.deployment.deploymentId, stage.deployment);
      if (stage.canary) inUse.set(stage.canary.deployment.deploymentId, stage.canary.deployment);
    }
    return inUse;
  }

  private toServed(row: StageRow, reuse: Map<string, ServedDeployment>): ServedStage | null {
    const where = `${row.restApiId}/${row.name}`;
    const deployment = this.toDeployment(row.deploymentId, row.snapshot, reuse);
    if (!deployment) {
      this.log("error", `deployment ${row.deploymentId} of ${where} has an unreadable snapshot; not serving it`);
      return null;
    }
    const variables = stringMap(row.variables);
    const served: ServedStage = {
      restApiId: row.restApiId,
      stageName: row.name,
      deployment,
      variables,
      methodSettings: methodSettings(row.methodSettings),
      cache: { enabled: row.cacheClusterEnabled === true, size: row.cacheClusterSize ?? "0.5" },
      accessLogFormat: row.accessLogFormat || null,
    };
    if (row.canaryDeploymentId) {
      const canary = this.toDeployment(row.canaryDeploymentId, row.canarySnapshot, reuse);
      if (!canary) {
        this.log("error", `canary deployment ${row.canaryDeploymentId} of ${where} has an unreadable snapshot; serving the stage without it`);
      } else {
        served.canary = {
          deployment: canary,
          percentTraffic: Math.min(100, Math.max(0, Number(row.canaryPercent) || 0)),
          variables: { ...variables, ...stringMap(row.canaryVariables) },
        };
      }
    }
    return served;
  }

  /** {"NAME": {"value": "…", "secret": bool}} → plain values; secrets decrypted here, never in the function. */
  private environment(name: string, value: unknown): Record<string, string> {
    const env: Record<string, string> = {};
    if (!value || typeof value !== "object" || Array.isArray(value)) return env;
    for (const [key, entry] of Object.entries(value)) {
      const raw = typeof entry === "string" ? entry : entry && typeof entry === "object" ? (entry as { value?: unknown }).value : undefined;
      if (typeof raw !== "string") continue;
      const secret = typeof entry === "object" && entry !== null && (entry as { secret?: unknown }).secret === true;
      if (secret || isEncryptedSecret(raw)) {
        try {
          env[key] = decryptSecret(raw, this.secretKey ?? "");
        } catch {
          this.log("error", `function ${name}: cannot decrypt the secret ${key} (GATEHOUSE_SECRET_KEY changed?); leaving it out`);
        }
      } else env[key] = raw;
    }
    return env;
  }

  private toFunction(row: FunctionRow): FunctionRecord {
    return {
      name: row.name,
      qualifier: "$LATEST",
      handler: row.handler,
      code: row.code,
      timeoutSeconds: row.timeoutSeconds,
      memoryMb: row.memoryMb,
      environment: this.environment(row.name, row.environment),
      reservedConcurrency: row.reservedConcurrency,
      revision: `${row.updatedAt.toISOString()}#${row.version}`,
    };
  }

  private toServedFunctions(rows: FunctionRow[], versionRows: VersionRow[]): Map<string, ServedFunction> {
    const served = new Map<string, ServedFunction>(rows.map((r) => [r.name, { latest: this.toFunction(r), versions: new Map() }]));
    for (const v of versionRows) {
      const fn = served.get(v.name);
      if (!fn) continue;
      fn.versions.set(String(v.number), {
        name: v.name,
        qualifier: String(v.number),
        handler: v.handler,
        code: v.code,
        timeoutSeconds: v.timeoutSeconds,
        memoryMb: v.memoryMb,
        environment: this.environment(v.name, v.environment),
        reservedConcurrency: fn.latest.reservedConcurrency,
        revision: `version:${v.id}`,
      });
    }
    return served;
  }

  /** Credentials decrypted with GATEHOUSE_SECRET_KEY; a record that cannot be decrypted is left out (calls then fail with 500). */
  private toRemote(row: RemoteRow): RemoteFunctionRecord | null {
    try {
      return {
        functionArn: row.functionArn,
        endpoint: row.endpoint,
        region: row.region,
        accessKeyId: row.accessKeyId,
        secretAccessKey: decryptSecret(row.secretAccessKey, this.secretKey ?? ""),
        sessionToken: row.sessionToken ? decryptSecret(row.sessionToken, this.secretKey ?? "") : undefined,
      };
    } catch {
      this.log("error", `remote function ${row.functionArn}: cannot decrypt its credentials (GATEHOUSE_SECRET_KEY changed?); not serving it`);
      return null;
    }
  }

  private async reloadRemote(arn: string): Promise<void> {
    const { rows } = await this.pool.query<RemoteRow>(`${REMOTE_QUERY} WHERE "functionArn" = $1`, [arn]);
    const remote = rows[0] ? this.toRemote(rows[0]) : null;
    if (remote) this.remotes.set(arn, remote);
    else this.remotes.delete(arn);
    this.onChange(`remote-function ${arn}`);
  }

  async loadAll(): Promise<void> {
    const [stageRows, functionRows, versionRows, remoteRows] = await Promise.all([
      this.pool.query<StageRow>(STAGE_QUERY),
      this.pool.query<FunctionRow>(FUNCTION_QUERY),
      this.pool.query<VersionRow>(VERSION_QUERY),
      this.pool.query<RemoteRow>(REMOTE_QUERY),
    ]);
    const remotes = new Map<string, RemoteFunctionRecord>();
    for (const row of remoteRows.rows) {
      const remote = this.toRemote(row);
      if (remote) remotes.set(row.functionArn, remote);
    }
    this.remotes = remotes;
    const stages = new Map<string, ServedStage>();
    const reuse = this.deploymentsInUse();
    for (const row of stageRows.rows) {
      const served = this.toServed(row, reuse);
      if (served) stages.set(stageKey(row.restApiId, row.name), served);
    }
    this.stages = stages;
    const before = this.functions;
    this.functions = this.toServedFunctions(functionRows.rows, versionRows.rows);
    for (const name of new Set([...before.keys(), ...this.functions.keys()])) this.onFunction(name, this.functions.get(name));
    this.onChange("all");
  }

  private async reloadStage(restApiId: string, stageName: string): Promise<void> {
    const { rows } = await this.pool.query<StageRow>(`${STAGE_QUERY} WHERE s."restApiId" = $1 AND s."name" = $2`, [restApiId, stageName]);
    const key = stageKey(restApiId, stageName);
    const served = rows[0] ? this.toServed(rows[0], this.deploymentsInUse()) : null;
    if (served) this.stages.set(key, served);
    else if (!rows[0]) this.stages.delete(key);
    this.onChange(`stage ${key}`);
  }

  private async reloadFunction(name: string): Promise<void> {
    const [{ rows }, versions] = await Promise.all([
      this.pool.query<FunctionRow>(`${FUNCTION_QUERY} WHERE "name" = $1`, [name]),
      this.pool.query<VersionRow>(`${VERSION_QUERY} WHERE f."name" = $1`, [name]),
    ]);
    const served = this.toServedFunctions(rows, versions.rows).get(name);
    if (served) this.functions.set(name, served);
    else this.functions.delete(name);
    this.onFunction(name, served);
    this.onChange(`function ${name}`);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5000 });
    client.on("notification", (msg) => {
      if (msg.channel !== DEPLOY_CHANNEL || !msg.payload) return;
      let notice;
      try {
        notice = ZDeployNotice.parse(JSON.parse(msg.payload));
      } catch {
        this.log("warn", `ignoring unreadable notification: ${msg.payload}`);
        return;
      }
      if (notice.kind === "access") {
        for (const listener of this.accessListeners) listener.onNotice(notice);
        return;
      }
      if (notice.kind === "account" || notice.kind === "flush-cache") {
        for (const listener of this.stateListeners) listener.onNotice(notice);
        return;
      }
      const reload =
        notice.kind === "stage"
          ? this.reloadStage(notice.restApiId, notice.stageName)
          : notice.kind === "function"
            ? this.reloadFunction(notice.name)
            : this.reloadRemote(notice.arn);
      reload.catch((err: Error) => this.log("error", `reload after notification failed, keeping the last snapshot: ${err.message}`));
    });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners("end");
      client.end().catch(() => {});
      if (!this.closed) {
        this.log("warn", `lost the database connection${err ? ` (${err.message})` : ""}; serving the last snapshot and reconnecting`);
        this.scheduleReconnect(500);
      }
    };
    client.on("error", lost);
    client.on("end", () => lost());
    await client.connect();
    await client.query(`LISTEN ${DEPLOY_CHANNEL}`);
    this.listener = client;
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      try {
        await this.listen();
        await this.loadAll();
        for (const listener of [...this.accessListeners, ...this.stateListeners]) listener.onReconnect();
        this.log("info", "database connection restored; snapshots reloaded");
      } catch (err) {
        this.listener?.end().catch(() => {});
        this.listener = null;
        this.log("warn", `still cannot reach the database (${(err as Error).message}); retrying`);
        this.scheduleReconnect(Math.min(delayMs * 2, 5000));
      }
    }, delayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
  }
}
