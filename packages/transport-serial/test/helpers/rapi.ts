/**
 * A minimal RAPI line client and state mirror for these tests, so they do not depend on the
 * shape of core's client. Replies are `$OK`/`$NK` lines, async frames `$AT` (RAPI.md §1.7, §1.10).
 */
import type { Transport } from '@evse/core';
import { withChecksum } from '@evse/core';
import {
  BehaviorSubject,
  filter,
  firstValueFrom,
  map,
  type Observable,
  Subject,
  share,
  timeout,
} from 'rxjs';

export interface LineClient {
  readonly lines$: Observable<string>;
  /** Send `cmd` (checksum added) and resolve with the reply's fields; rejects on `$NK`. */
  request(cmd: string, timeoutMs?: number): Promise<string[]>;
}

export function lineClient(transport: Transport): LineClient {
  const lines = new Subject<string>();
  let buffer = '';
  transport.data$.subscribe({
    next(chunk) {
      buffer += chunk;
      const parts = buffer.split(/[\r\n]/);
      buffer = parts.pop() ?? '';
      for (const line of parts) if (line !== '') lines.next(line);
    },
    complete: () => lines.complete(),
  });
  const lines$ = lines.pipe(share());
  let queue: Promise<unknown> = Promise.resolve();
  const request = (cmd: string, timeoutMs = 1500): Promise<string[]> => {
    const run = async () => {
      const reply = firstValueFrom(
        lines$.pipe(
          map((l) => l.slice(l.lastIndexOf('$'))),
          filter((l) => l.startsWith('$OK') || l.startsWith('$NK')),
          timeout(timeoutMs),
        ),
      );
      await transport.write(`${withChecksum(cmd)}\r`);
      const line = await reply;
      const fields = line.replace(/\^[0-9A-F]{2}$/, '').split(' ');
      if (fields[0] === '$NK') throw new Error(`${cmd} → ${line}`);
      return fields.slice(1);
    };
    const result = queue.then(run, run);
    queue = result.catch(() => {});
    return result;
  };
  return { lines$, request };
}

/** The host-side view of the EVSE state code, fed by `$AT` and re-read by `$GS`. */
export interface Mirror {
  readonly state$: BehaviorSubject<number | null>;
  resync(): Promise<number>;
}

export function createMirror(client: LineClient): Mirror {
  const state$ = new BehaviorSubject<number | null>(null);
  client.lines$.subscribe((line) => {
    const m = /\$AT ([0-9a-f]{2}) /.exec(line);
    if (m?.[1]) state$.next(Number.parseInt(m[1], 16));
  });
  return {
    state$,
    async resync() {
      const [state = ''] = await client.request('$GS');
      const code = Number.parseInt(state, 16);
      state$.next(code);
      return code;
    },
  };
}

/** Resolve when `state$` shows `code`, or reject after `ms`. */
export function waitForState(mirror: Mirror, code: number, ms = 2000): Promise<unknown> {
  return firstValueFrom(
    mirror.state$.pipe(
      filter((s) => s === code),
      timeout(ms),
    ),
  );
}
