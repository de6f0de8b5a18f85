import type { FleetStats } from '@evse/fleet';

/** The live line of `evse fleet`: everything an operator watches during a load test. */
export function summaryLine(s: Readonly<FleetStats>, queue: number, messagesPerS: number): string {
  return [
    `stations ${s.created}/${s.stations}`,
    `connected ${s.connected}`,
    `booted ${s.booted}`,
    `charging ${s.charging}`,
    `tx ${s.transactionsStarted} started ${s.transactionsStopped} stopped`,
    `queue ${queue}`,
    `errors ${s.errors}`,
    `reconnects ${s.connectFailures}`,
    `${Math.round(messagesPerS)} msg/s`,
  ].join(' | ');
}

/** The same figures as one JSON object (`--json`). */
export function summaryJson(
  s: Readonly<FleetStats>,
  queue: number,
  messagesPerS: number,
): Record<string, unknown> {
  return { type: 'summary', ...s, queue, messagesPerS: Math.round(messagesPerS) };
}
