import pg from "pg";
import { DEPLOY_CHANNEL, ZDeployNotice, ZDeploymentSnapshot, type DeployedStage } from "../lib/snapshot";
import { RouteTable } from "./routing/route-table";
import type { FunctionRecord } from "./functions/vm-runtime";

export interface ServedStage extends DeployedStage {
  routes: RouteTable;
}

type Log = (level: "info" | "warn" | "error", message: string) => void;

interface StageRow {
  restApiId: string;
  name: string;
  deploymentId: string;
  variables: unknown;
  snapshot: unknown;
}

interface FunctionRow {
  name: string;
  handler: string;
  code: string;
  timeoutSeconds: number;
  memoryMb: number;
  updatedAt: Date;
}

const STAGE_QUERY = `SELECT s."restApiId", s."name", s."deploymentId", s."variables", d."snapshot"
  FROM "Stage" s JOIN "Deployment" d ON d."id" = s."deploymentId"`;
const FUNCTION_QUERY = `SELECT "name", "handler", "code", "timeoutSeconds", "memoryMb", "updatedAt" FROM "Function"`;

const stageKey = (restApiId: string, stageName: string) => `${restApiId}/${stageName}`;

/**
 * The gateway's in-memory view of what is deployed. Loaded whole at start,
 * refreshed per stage on NOTIFY, and reloaded whole after a lost connection
 * (notifications sent meanwhile are gone). Requests only ever read memory; if
 * the database is down, the last good snapshot keeps serving.
 */
export class SnapshotStore {
  private stages = new Map<string, ServedStage>();
  private functions = new Map<string, FunctionRecord>();
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Called after every successful load, for tests and logs. */
  onChange: (what: string) => void = () => {};

  constructor(
    private readonly databaseUrl: string,
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  getStage(restApiId: string, stageName: string): ServedStage | undefined {
    return this.stages.get(stageKey(restApiId, stageName));
  }

  hasApi(restApiId: string): boolean {
    for (const stage of this.stages.values()) if (stage.restApiId === restApiId) return true;
    return false;
  }

  getFunction(name: string): FunctionRecord | undefined {
    return this.functions.get(name);
  }

  get stageCount(): number {
    return this.stages.size;
  }

  async start(): Promise<void> {
    await this.listen();
    await this.loadAll();
  }

  private toServed(row: StageRow): ServedStage | null {
    const parsed = ZDeploymentSnapshot.safeParse(row.snapshot);
    if (!parsed.success) {
      this.log("error", `deployment ${row.deploymentId} of ${row.restApiId}/${row.name} has an unreadable snapshot; not serving it`);
      return null;
    }
    const variables = Object.fromEntries(
      Object.entries((row.variables ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    return {
      restApiId: row.restApiId,
      stageName: row.name,
      deploymentId: row.deploymentId,
      variables,
      snapshot: parsed.data,
      routes: new RouteTable(parsed.data.resources),
    };
  }

  private toFunction(row: FunctionRow): FunctionRecord {
    return {
      name: row.name,
      handler: row.handler,
      code: row.code,
      timeoutSeconds: row.timeoutSeconds,
      memoryMb: row.memoryMb,
      revision: row.updatedAt.toISOString(),
    };
  }

  async loadAll(): Promise<void> {
    const [stageRows, functionRows] = await Promise.all([
      this.pool.query<StageRow>(STAGE_QUERY),
      this.pool.query<FunctionRow>(FUNCTION_QUERY),
    ]);
    const stages = new Map<string, ServedStage>();
    for (const row of stageRows.rows) {
      const served = this.toServed(row);
      if (served) stages.set(stageKey(row.restApiId, row.name), served);
    }
    this.stages = stages;
    this.functions = new Map(functionRows.rows.map((r) => [r.name, this.toFunction(r)]));
    this.onChange("all");
  }

  private async reloadStage(restApiId: string, stageName: string): Promise<void> {
    const { rows } = await this.pool.query<StageRow>(`${STAGE_QUERY} WHERE s."restApiId" = $1 AND s."name" = $2`, [restApiId, stageName]);
    const key = stageKey(restApiId, stageName);
    const served = rows[0] ? this.toServed(rows[0]) : null;
    if (served) this.stages.set(key, served);
    else if (!rows[0]) this.stages.delete(key);
    this.onChange(`stage ${key}`);
  }

  private async reloadFunction(name: string): Promise<void> {
    const { rows } = await this.pool.query<FunctionRow>(`${FUNCTION_QUERY} WHERE "name" = $1`, [name]);
    if (rows[0]) this.functions.set(name, this.toFunction(rows[0]));
    else this.functions.delete(name);
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
      const reload = notice.kind === "stage" ? this.reloadStage(notice.restApiId, notice.stageName) : this.reloadFunction(notice.name);
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
