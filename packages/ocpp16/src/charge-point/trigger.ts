import { bootPayload, now, report, syncClock } from '@evse/ocpp15/engine';
import type { MessageTrigger, TriggerMessageStatus } from '../messages/enums.js';
import type { Parts16 } from './parts.js';
import { meterValue16 } from './version.js';

type Send = (action: string, payload: object) => Promise<unknown>;

/** The message a TriggerMessage asked for, sent once its answer is out (OCPP 1.6 §5.17). */
async function send(t: Parts16, what: MessageTrigger, send: Send): Promise<void> {
  const { cp } = t;
  switch (what) {
    case 'BootNotification': {
      const conf = (await send('BootNotification', await bootPayload(cp))) as {
        currentTime: string;
      };
      syncClock(cp, conf.currentTime);
      return;
    }
    case 'Heartbeat': {
      const conf = (await send('Heartbeat', {})) as { currentTime: string };
      syncClock(cp, conf.currentTime);
      return;
    }
    case 'StatusNotification':
      t.publishStatus();
      return;
    case 'MeterValues': {
      const r = await cp.station.readMeter();
      const tx = cp.connector.current();
      const mv = meterValue16(r, {
        context: 'Trigger' as 'Sample.Periodic', // 1.6 adds the Trigger context (messages/enums.ts)
        measurands: cp.config.measurands('MeterValuesSampledData'),
        at: now(cp),
        ...(tx ? { registerWh: Math.max(tx.lastWh, tx.meterStart) } : {}),
      });
      if (!mv) return;
      await send('MeterValues', {
        connectorId: 1,
        ...(tx?.transactionId !== undefined ? { transactionId: tx.transactionId } : {}),
        meterValue: [mv],
      });
      return;
    }
    // Nothing is being uploaded or installed once the last operation ended: Idle (§5.17).
    case 'DiagnosticsStatusNotification':
    case 'FirmwareStatusNotification':
      await send(what, { status: 'Idle' });
      return;
  }
}

/**
 * TriggerMessage: Accepted for every message 1.6 names on connector 0 or 1 (Rejected for
 * another connector), the message itself going out right after the answer.
 */
export function trigger(
  t: Parts16,
  what: MessageTrigger,
  connectorId: number | undefined,
): TriggerMessageStatus {
  if (connectorId !== undefined && connectorId !== 0 && connectorId !== 1) return 'Rejected';
  const ep = t.cp.ready;
  if (!ep) {
    // Not yet Accepted: a central system that answered Pending asks for the BootNotification
    // this way (OCPP 1.6 §4.2); the boot loop sends it at once instead of after the interval.
    if (what !== 'BootNotification') return 'Rejected';
    t.cp.bootNow();
    return 'Accepted';
  }
  const call: Send = (action, payload) => ep.call(action as never, payload as never);
  setImmediate(() => {
    send(t, what, call).catch((error: unknown) => report(t.cp, error));
  });
  return 'Accepted';
}
