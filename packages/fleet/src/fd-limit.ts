/**
 * File-descriptor budget: every fleet station holds one socket, so 10,000 stations need
 * 10,000 descriptors in this process (and as many again in a central system on the same
 * machine). Linux reports the soft limit in /proc/self/limits; elsewhere it is unknown.
 */
import { readFileSync } from 'node:fs';

/** Descriptors the process needs besides the stations' sockets (stdio, timers, epoll…). */
export const FD_RESERVE = 64;

/** The soft "Max open files" limit of this process, or null when it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(text);
    if (!match) return null;
    return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
  } catch {
    return null;
  }
}

/** Null when `stations` sockets fit under `limit`; otherwise what to do about it. */
export function fdProblem(stations: number, limit: number | null): string | null {
  if (limit === null || stations + FD_RESERVE <= limit) return null;
  return `${stations} stations need about ${stations + FD_RESERVE} open files but the limit is ${limit}: raise it (e.g. \`ulimit -n ${Math.max(65_536, stations * 2 + FD_RESERVE)}\`) or split the fleet with --shard I/N`;
}
