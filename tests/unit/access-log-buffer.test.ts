import { describe, expect, it } from "vitest";
import { RowBuffer } from "../../gateway/logging/row-buffer";

const text = (chunks: Array<{ buf: Buffer }>) => Buffer.concat(chunks.map((c) => c.buf)).toString("utf8");

describe("access log row buffer", () => {
  it("keeps rows as UTF-8 until taken, then starts empty", () => {
    const buffer = new RowBuffer(100);
    buffer.append("a\tü\n");
    buffer.append("b\t😀\n");
    expect(buffer.rows).toBe(2);
    const taken = buffer.take();
    expect(text(taken)).toBe("a\tü\nb\t😀\n");
    expect(buffer.rows).toBe(0);
    expect(buffer.take()).toEqual([]);
  });

  it("drops the oldest chunks beyond its bound and counts them", () => {
    const buffer = new RowBuffer(3);
    const big = `${"x".repeat(400_000)}\n`;
    for (let i = 0; i < 6; i++) buffer.append(big);
    expect(buffer.rows).toBeLessThanOrEqual(3);
    expect(buffer.dropped + buffer.rows).toBe(6);
  });

  it("puts a failed batch back in front of newer rows", () => {
    const buffer = new RowBuffer(100);
    buffer.append("1\n");
    const failed = buffer.take();
    buffer.append("2\n");
    buffer.restore(failed);
    expect(text(buffer.take())).toBe("1\n2\n");
  });
});
