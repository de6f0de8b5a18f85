/**
 * Card swipes from an emulator in another process: its control API's event stream
 * (`GET /api/events`, Server-Sent Events, `swipe` events; packages/transport-emulator README).
 * Reconnects after a drop; tells the caller when it is (not) listening.
 */
import { Observable } from 'rxjs';

/** What the card reader reports. */
export type CardReaderEvent =
  | { readonly type: 'swipe'; readonly idTag: string }
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'lost'; readonly url: string; readonly why: string };

const RETRY_MS = 2000;

/** Swipes at `base` (e.g. `http://127.0.0.1:8024`), for as long as it is subscribed. */
export function cardReader(base: URL): Observable<CardReaderEvent> {
  const url = new URL('/api/events', base).href;
  return new Observable<CardReaderEvent>((subscriber) => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | null = null;
    const connect = async (): Promise<void> => {
      let why = 'the stream ended';
      try {
        const response = await fetch(url, { signal: abort.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        subscriber.next({ type: 'listening', url });
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const idTag = swipeOf(buffer.slice(0, end));
            if (idTag !== null) subscriber.next({ type: 'swipe', idTag });
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        const cause = (error as { cause?: { code?: unknown } }).cause;
        why = typeof cause?.code === 'string' ? cause.code : (error as Error).message;
      }
      if (abort.signal.aborted) return;
      subscriber.next({ type: 'lost', url, why });
      retry = setTimeout(() => void connect(), RETRY_MS);
    };
    void connect();
    return () => {
      abort.abort();
      if (retry !== null) clearTimeout(retry);
    };
  });
}

/** The idTag of one SSE message if it is a `swipe`, else null. */
function swipeOf(message: string): string | null {
  let event = 'message';
  let data = '';
  for (const line of message.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (event !== 'swipe') return null;
  try {
    const idTag = (JSON.parse(data) as { idTag?: unknown }).idTag;
    return typeof idTag === 'string' ? idTag : null;
  } catch {
    return null;
  }
}
