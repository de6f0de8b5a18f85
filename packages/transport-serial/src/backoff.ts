/** How a lost link is retried: exponential backoff between attempts. */
export interface ReconnectOptions {
  /** Retry at all. @default true (when a `reconnect` object is given) */
  readonly enabled?: boolean;
  /** Delay before the first attempt after a loss. @default 100 */
  readonly initialDelayMs?: number;
  /**
   * Upper bound of the delay. The default keeps "device back → port reopened" under about a
   * second, so a resync can finish within the 2 s the CLI promises. @default 1000
   */
  readonly maxDelayMs?: number;
  /** Growth factor per failed attempt. @default 2 */
  readonly factor?: number;
  /** Give up after this many failed attempts (then `connection$` says 'closed'). @default Infinity */
  readonly maxAttempts?: number;
}

/** `ReconnectOptions` with every default filled in. */
export type ResolvedReconnect = Required<ReconnectOptions>;

/** Fill in defaults; `false`/`undefined` turns reconnecting off, `true` takes all defaults. */
export function resolveReconnect(
  option: ReconnectOptions | boolean | undefined,
): ResolvedReconnect | null {
  if (option === undefined || option === false) return null;
  const o = option === true ? {} : option;
  if (o.enabled === false) return null;
  const r: ResolvedReconnect = {
    enabled: true,
    initialDelayMs: o.initialDelayMs ?? 100,
    maxDelayMs: o.maxDelayMs ?? 1000,
    factor: o.factor ?? 2,
    maxAttempts: o.maxAttempts ?? Number.POSITIVE_INFINITY,
  };
  for (const key of ['initialDelayMs', 'maxDelayMs', 'factor'] as const) {
    if (!Number.isFinite(r[key]) || r[key] < 0) {
      throw new TypeError(`reconnect.${key} must be a non-negative number, got ${r[key]}`);
    }
  }
  if (r.factor < 1) throw new TypeError(`reconnect.factor must be >= 1, got ${r.factor}`);
  if (!(r.maxAttempts >= 1)) {
    throw new TypeError(`reconnect.maxAttempts must be >= 1, got ${r.maxAttempts}`);
  }
  return r;
}

/** Delay before attempt `attempt` (1-based): initial × factor^(attempt-1), capped. */
export function backoffDelay(r: ResolvedReconnect, attempt: number): number {
  return Math.min(r.maxDelayMs, r.initialDelayMs * r.factor ** (attempt - 1));
}
