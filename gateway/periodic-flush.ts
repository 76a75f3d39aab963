/**
 * The lifecycle both batch writers share (request metrics, function logs):
 * write on an interval, never two writes at once, and a last write on stop.
 * The writer itself decides what a batch is and keeps a failed one for later.
 */
export class PeriodicFlush {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly writeBatch: () => Promise<void>) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  flush(): Promise<void> {
    this.running ??= this.writeBatch().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.flush();
  }
}
