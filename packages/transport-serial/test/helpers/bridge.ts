/** Attach a device (`output$`/`receive`) to the far end of a transport: the wire between them. */
import type { Transport } from '@evse/core';
import type { Observable } from 'rxjs';

export interface DeviceLike {
  readonly output$: Observable<string>;
  receive(chunk: string): void;
}

export function bridge(device: DeviceLike, far: Transport): () => void {
  const inbound = far.data$.subscribe((chunk) => device.receive(chunk));
  const outbound = device.output$.subscribe((text) => {
    // A dead wire drops bytes, as a UART does: nothing to report here.
    far.write(text).catch(() => {});
  });
  return () => {
    inbound.unsubscribe();
    outbound.unsubscribe();
  };
}
