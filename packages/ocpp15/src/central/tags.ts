/**
 * idTagInfo rules of SteVe's `service/AuthTagServiceLocal.java` (STEVE.md §1.8): unknown →
 * Invalid (no expiry); blocked → Blocked; expired → Expired; ConcurrentTx only for
 * StartTransaction when the tag already has its maximum of open transactions; otherwise
 * Accepted with expiryDate = the tag's expiry or now + "hours to expire" (default 1 h, 0 = none)
 * and parentIdTag from the tag record.
 */
import type { IdTagInfo } from '../wire/messages.js';
import type { TagSpec } from './records.js';

/** Everything the rules need besides the tag list. */
export interface TagRulesContext {
  readonly now: Date;
  readonly expiryHours: number;
  /** Open transactions of the tag (counted only for StartTransaction). */
  readonly activeTransactions?: number;
  readonly formatDate: (date: Date) => string;
}

/** Normalises the `tags` option: a status string is shorthand for `{ status }`. */
export function normaliseTags(
  tags: Readonly<Record<string, TagSpec | NonNullable<TagSpec['status']>>>,
): Map<string, TagSpec> {
  return new Map(
    Object.entries(tags).map(([id, spec]) => [
      id,
      typeof spec === 'string' ? { status: spec } : spec,
    ]),
  );
}

/** The idTagInfo SteVe answers for `idTag`. */
export function idTagInfoFor(tag: TagSpec | undefined, ctx: TagRulesContext): IdTagInfo {
  if (!tag || tag.status === 'Invalid') return { status: 'Invalid' };
  const parent = tag.parentIdTag === undefined ? {} : { parentIdTag: tag.parentIdTag };
  if (tag.status === 'Blocked') return { status: 'Blocked', ...parent };
  const expiry = tag.expiryDate === undefined ? undefined : new Date(tag.expiryDate);
  if (tag.status === 'Expired' || (expiry && expiry.getTime() <= ctx.now.getTime()))
    return { status: 'Expired', ...parent };
  const expiryDate =
    expiry ??
    (ctx.expiryHours > 0 ? new Date(ctx.now.getTime() + ctx.expiryHours * 3_600_000) : undefined);
  const withExpiry = expiryDate ? { expiryDate: ctx.formatDate(expiryDate) } : {};
  const max = tag.maxActiveTransactions ?? 1;
  if (ctx.activeTransactions !== undefined && ctx.activeTransactions >= max)
    return { status: 'ConcurrentTx', ...withExpiry, ...parent };
  return { status: 'Accepted', ...withExpiry, ...parent };
}
