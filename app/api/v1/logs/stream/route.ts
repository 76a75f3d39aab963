import { prisma } from "@/lib/db";
import { ZLogStreamQuery } from "@/lib/schemas/logs";
import { apiRoute, parseQuery } from "@/lib/server/api-route";
import { accessLogsAfter, lastAccessLogId } from "@/lib/services/logs";

export const dynamic = "force-dynamic";

const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * Live tail: server-sent events, one `access` event per new entry (id: the
 * entry's id, so a reconnecting EventSource resumes with Last-Event-ID). The
 * table is polled every second from the last id sent, which works whichever
 * gateway process wrote the entry; polling stops when the client disconnects.
 */
export const GET = apiRoute("test", async (req) => {
  const { after, ...filters } = parseQuery(req, ZLogStreamQuery);
  const db = prisma();
  const resume = req.headers.get("last-event-id");
  let last = after ? BigInt(after) : resume && /^\d{1,19}$/.test(resume) ? BigInt(resume) : await lastAccessLogId(db);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastSent = Date.now();
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
          lastSent = Date.now();
        } catch {
          stop();
        }
      };
      const stop = () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      req.signal.addEventListener("abort", stop);
      send(`retry: 2000\n: connected\n\n`);
      const poll = async () => {
        if (closed) return;
        try {
          const entries = await accessLogsAfter(db, filters, last);
          for (const entry of entries) {
            send(`id: ${entry.id}\nevent: access\ndata: ${JSON.stringify(entry)}\n\n`);
            last = BigInt(entry.id);
          }
          if (Date.now() - lastSent > HEARTBEAT_MS) send(`: heartbeat\n\n`);
        } catch (err) {
          send(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
        }
        if (!closed) timer = setTimeout(() => void poll(), POLL_MS);
      };
      void poll();
    },
    cancel() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
