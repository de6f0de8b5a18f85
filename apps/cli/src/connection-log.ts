import type { ConnectionEvent } from '@evse/transport-serial';
import type { Observable, Subscription } from 'rxjs';
import { describeError } from './errors.js';
import type { Output } from './io/output.js';

/** Print a serial/TCP link's losses and recoveries, one line each (the initial open is not news). */
export function logConnection(
  label: string,
  connection$: Observable<ConnectionEvent> | undefined,
  out: Output,
): Subscription | null {
  if (!connection$) return null;
  let seenLoss = false;
  return connection$.subscribe((event) => {
    switch (event.state) {
      case 'open':
        if (seenLoss) out.line(`${label}: link back (attempt ${event.attempt})`);
        break;
      case 'lost':
        seenLoss = true;
        out.line(`${label}: link lost: ${describeError(event.error)}`);
        break;
      case 'reconnecting':
        // One line per outage, not per attempt: the back-off retries every second or so.
        if (event.attempt === 1) out.line(`${label}: reconnecting…`);
        break;
      case 'closed':
        if (event.error) out.line(`${label}: closed: ${describeError(event.error)}`);
        break;
    }
  });
}
