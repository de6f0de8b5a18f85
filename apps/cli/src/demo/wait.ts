import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import { CliError, ExitCode } from '../errors.js';

/**
 * The first value of `source$` that satisfies `predicate`, within `ms`; a demo step that does
 * not happen in time is a runtime failure naming the step. Aborting `signal` (Ctrl-C) ends
 * the wait with exit code 130.
 */
export async function waitFor<T>(
  source$: Observable<T>,
  predicate: (value: T) => boolean,
  what: string,
  ms: number,
  signal: AbortSignal,
): Promise<T> {
  let onAbort = (): void => {};
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CliError('interrupted', { exitCode: ExitCode.interrupted }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      firstValueFrom(source$.pipe(filter(predicate), timeout(ms))),
      abort,
    ]);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`demo: ${what} did not happen within ${Math.round(ms / 1000)} s`, {
      cause: error,
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Sleep `ms` (real time), ended early by `signal`. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CliError('interrupted', { exitCode: ExitCode.interrupted }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
