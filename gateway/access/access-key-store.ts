import type pg from "pg";
import { decryptSecret } from "../../lib/secrets";
import type { AccessNotice, SnapshotStore } from "../snapshot-store";

/** One SigV4 access key as the gateway holds it: the secret decrypted, in memory only. */
export interface ServedAccessKey {
  id: string;
  name: string;
  userId: string | null;
  enabled: boolean;
  /** Empty: every API. */
  restApiIds: string[];
  secret: string;
}

interface AccessKeyRow {
  id: string;
  name: string;
  userId: string | null;
  enabled: boolean;
  restApiIds: string[];
  secretEncrypted: string;
}

const SELECT = `SELECT "id", "name", "userId", "enabled", "restApiIds", "secretEncrypted" FROM "AccessKey"`;

/**
 * The access keys AWS_IAM methods verify signatures with. Live configuration,
 * not deployed: loaded at start, one key reloaded per `{"kind":"access",
 * "what":"access-key"}` notice (heard through the SnapshotStore's LISTEN
 * connection), everything reloaded after a lost connection. No query on the
 * request path. Log lines name key ids only, never secrets.
 */
export class AccessKeyStore {
  private keys = new Map<string, ServedAccessKey>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly secretKey: string | undefined,
    private readonly log: (level: "info" | "warn" | "error", message: string) => void,
  ) {}

  /** Loads every key and follows the store's access notices. */
  async start(store: SnapshotStore): Promise<void> {
    store.subscribeAccess({
      onNotice: (notice: AccessNotice) => {
        if (notice.what !== "access-key") return;
        this.reload(notice.id).catch((err) => this.log("warn", `access key ${notice.id}: reload failed: ${(err as Error).message}`));
      },
      onReconnect: () => {
        this.loadAll().catch((err) => this.log("warn", `access keys: reload failed: ${(err as Error).message}`));
      },
    });
    await this.loadAll();
  }

  get(id: string): ServedAccessKey | undefined {
    return this.keys.get(id);
  }

  get size(): number {
    return this.keys.size;
  }

  async loadAll(): Promise<void> {
    const { rows } = await this.pool.query<AccessKeyRow>(SELECT);
    const next = new Map<string, ServedAccessKey>();
    for (const row of rows) {
      const served = this.serve(row);
      if (served) next.set(row.id, served);
    }
    this.keys = next;
  }

  async reload(id: string): Promise<void> {
    const { rows } = await this.pool.query<AccessKeyRow>(`${SELECT} WHERE "id" = $1`, [id]);
    const served = rows[0] ? this.serve(rows[0]) : undefined;
    if (served) this.keys.set(id, served);
    else this.keys.delete(id);
  }

  private serve(row: AccessKeyRow): ServedAccessKey | undefined {
    if (!this.secretKey) {
      this.log("warn", `access key ${row.id}: GATEHOUSE_SECRET_KEY is not set, the key cannot be used`);
      return undefined;
    }
    try {
      const secret = decryptSecret(row.secretEncrypted, this.secretKey);
      return { id: row.id, name: row.name, userId: row.userId, enabled: row.enabled, restApiIds: row.restApiIds ?? [], secret };
    } catch {
      this.log("warn", `access key ${row.id}: its secret cannot be decrypted with this GATEHOUSE_SECRET_KEY; the key is unusable`);
      return undefined;
    }
  }
}
