import type { IdTagInfo, StateStore } from '@evse/ocppj';
import type { Configuration } from './config.js';

/** Where an authorization decision came from. */
export type AuthSource = 'freeVend' | 'localList' | 'cache' | 'central' | 'offline';

/** The outcome of authorizing one idTag. */
export interface AuthResult {
  readonly idTag: string;
  readonly info: IdTagInfo;
  readonly source: AuthSource;
}

/** What {@link authorizeTag} needs from the charge point. */
export interface AuthDeps {
  readonly config: Configuration;
  readonly store: StateStore;
  /** Sends Authorize.req; rejects when offline, on timeout or CALLERROR. */
  readonly authorizeRemote: (idTag: string) => Promise<IdTagInfo>;
  readonly online: () => boolean;
  readonly now: () => Date;
  readonly freeVendTag?: string | undefined;
}

/** Accepted and not expired at `now`. */
export const isValid = (info: IdTagInfo | undefined, now: Date): boolean =>
  info !== undefined &&
  info.status === 'Accepted' &&
  (info.expiryDate === undefined || Date.parse(info.expiryDate) > now.getTime());

/** The local list entry, else the cache entry (1.5: the local list takes precedence). */
export function localInfo(
  store: StateStore,
  config: Configuration,
  idTag: string,
): AuthResult | null {
  const s = store.get();
  const listed = s.localList.entries[idTag];
  if (listed) return { idTag, info: listed, source: 'localList' };
  const cached = config.flag('AuthorizationCacheEnabled') ? s.authCache[idTag] : undefined;
  return cached ? { idTag, info: cached, source: 'cache' } : null;
}

/** Update the authorization cache with an idTagInfo the central system gave (OCPP 1.5 §3.3). */
export function rememberIdTagInfo(
  store: StateStore,
  config: Configuration,
  idTag: string,
  info: IdTagInfo,
): void {
  if (!config.flag('AuthorizationCacheEnabled')) return;
  if (store.get().localList.entries[idTag]) return; // local list entries are managed by the CS
  store.update((s) => {
    s.authCache[idTag] = info;
  });
}

/**
 * Decide whether `idTag` may charge: free-vend tag → accepted without asking; with
 * LocalPreAuthorize a valid local list/cache entry → accepted at once; otherwise Authorize.req;
 * if that fails (offline, timeout) LocalAuthorizeOffline and AllowOfflineTxForUnknownId decide
 * (STEVE.md §5.2). The central system has the last word in StartTransaction.conf.
 */
export async function authorizeTag(deps: AuthDeps, idTag: string): Promise<AuthResult> {
  if (deps.freeVendTag !== undefined && idTag === deps.freeVendTag) {
    return { idTag, info: { status: 'Accepted' }, source: 'freeVend' };
  }
  const local = localInfo(deps.store, deps.config, idTag);
  if (local && deps.config.flag('LocalPreAuthorize') && isValid(local.info, deps.now()))
    return local;
  if (deps.online()) {
    try {
      const info = await deps.authorizeRemote(idTag);
      rememberIdTagInfo(deps.store, deps.config, idTag, info);
      return { idTag, info, source: 'central' };
    } catch {
      // fall through to the offline rules
    }
  }
  if (local && deps.config.flag('LocalAuthorizeOffline')) {
    const info: IdTagInfo = isValid(local.info, deps.now())
      ? local.info
      : { ...local.info, status: local.info.status === 'Accepted' ? 'Expired' : local.info.status };
    return { ...local, info };
  }
  if (deps.config.flag('AllowOfflineTxForUnknownId')) {
    return { idTag, info: { status: 'Accepted' }, source: 'offline' };
  }
  return { idTag, info: { status: 'Invalid' }, source: 'offline' };
}
