import type pg from "pg";
import { ACCOUNT_LIMITS_KEY, parseStoredAccountThrottle } from "../../lib/account-limits";
import type { ThrottleLimits } from "../access/token-bucket";
import type { SnapshotStore } from "../snapshot-store";
import type { Log } from "./redis-connection";

/**
 * The account-level throttle as the gateway applies it: the admin's value in
 * SystemSetting, else the GATEHOUSE_ACCOUNT_* defaults. Read at start and again
 * on `{"kind":"account"}` notices (and after a lost LISTEN connection), never
 * on the request path.
 */
export class AccountLimits {
  private current: ThrottleLimits;

  constructor(
    private readonly pool: pg.Pool,
    readonly defaults: ThrottleLimits,
    private readonly log: Log,
  ) {
    this.current = { ...defaults };
  }

  get limits(): ThrottleLimits {
    return this.current;
  }

  async start(snapshots: SnapshotStore): Promise<void> {
    snapshots.subscribeState({
      onNotice: (n) => {
        if (n.kind === "account") void this.reload();
      },
      onReconnect: () => void this.reload(),
    });
    await this.reload();
  }

  async reload(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ value: string }>(`SELECT "value" FROM "SystemSetting" WHERE "key" = $1`, [ACCOUNT_LIMITS_KEY]);
      const stored = parseStoredAccountThrottle(rows[0]?.value);
      const next = stored ?? this.defaults;
      if (next.rateLimit !== this.current.rateLimit || next.burstLimit !== this.current.burstLimit) {
        this.log("info", `account throttle: ${next.rateLimit} requests/s, burst ${next.burstLimit}`);
      }
      this.current = { rateLimit: next.rateLimit, burstLimit: next.burstLimit };
    } catch (err) {
      this.log("warn", `could not read the account throttle limits: ${(err as Error).message}`);
    }
  }
}
