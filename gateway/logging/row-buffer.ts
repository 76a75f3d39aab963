/**
 * Rows waiting for the next COPY, as UTF-8 in 1 MB buffers rather than one
 * string per row: at thousands of requests a second, strings kept for a second
 * survive young-generation collections and get copied and promoted, while
 * buffer memory is outside the JavaScript heap. Bounded: beyond `maxRows` the
 * oldest buffers are dropped and counted.
 */

const CHUNK_BYTES = 1024 * 1024;
const TEXT_BATCH = 16 * 1024;

export interface RowChunk {
  buf: Buffer;
  rows: number;
}

export class RowBuffer {
  private chunks: RowChunk[] = [];
  private current: Buffer | null = null;
  private offset = 0;
  private currentRows = 0;
  /** Rows not yet encoded (at most TEXT_BATCH characters). */
  private text = "";
  private textRows = 0;
  private total = 0;
  dropped = 0;

  constructor(private readonly maxRows: number) {}

  get rows(): number {
    return this.total;
  }

  /** Appends one row (a COPY text line ending in \n). */
  append(line: string): void {
    // Rows are encoded a few dozen at a time: one native write per batch rather than per request.
    this.text += line;
    this.textRows++;
    this.total++;
    if (this.text.length >= TEXT_BATCH) this.encodeText();
    while (this.total > this.maxRows && this.chunks.length > 0) {
      const oldest = this.chunks.shift()!;
      this.total -= oldest.rows;
      this.dropped += oldest.rows;
    }
  }

  private encodeText(): void {
    if (this.textRows === 0) return;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const worst = this.text.length * 3;
    if (!this.current || this.offset + worst > this.current.length) {
      this.seal();
      this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
    }
    this.offset += this.current.write(this.text, this.offset, "utf8");
    this.currentRows += this.textRows;
    this.text = "";
    this.textRows = 0;
  }

  private seal(): void {
    if (this.current && this.currentRows > 0) this.chunks.push({ buf: this.current.subarray(0, this.offset), rows: this.currentRows });
    this.current = null;
    this.offset = 0;
    this.currentRows = 0;
  }

  /** Everything buffered, emptied. */
  take(): RowChunk[] {
    this.encodeText();
    this.seal();
    const taken = this.chunks;
    this.chunks = [];
    this.total = 0;
    return taken;
  }

  /** Puts chunks that could not be written back in front (oldest dropped beyond the bound). */
  restore(chunks: RowChunk[]): void {
    this.encodeText();
    this.seal();
    this.chunks = [...chunks, ...this.chunks];
    this.total = this.chunks.reduce((n, c) => n + c.rows, 0);
    while (this.total > this.maxRows && this.chunks.length > 1) {
      const oldest = this.chunks.shift()!;
      this.total -= oldest.rows;
      this.dropped += oldest.rows;
    }
  }
}
