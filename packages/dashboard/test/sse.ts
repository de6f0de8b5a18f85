/** A tiny Server-Sent Events reader over fetch, for the HTTP tests. */

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface SseReader {
  /** Every event received so far, in order. */
  readonly events: SseEvent[];
  /** The first event named `name` (after `from`, an index into `events`) matching `where`. */
  next(name: string, where?: (data: never) => boolean, from?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export async function openEvents(url: string): Promise<SseReader> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status}`);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          events.push({ event, data: data === undefined ? null : JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
        for (const w of waiters) w();
      }
    } catch {
      // aborted by close()
    }
    done = true;
    for (const w of waiters) w();
  })();
  return {
    events,
    ended,
    next(name, where = () => true, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.slice(from).find((e) => e.event === name && where(e.data as never));
          if (hit) {
            waiters.delete(check);
            resolve(hit);
          } else if (done) {
            waiters.delete(check);
            reject(new Error(`stream ended without a ${name} event`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
