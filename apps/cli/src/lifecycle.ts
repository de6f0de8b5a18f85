import { describeError } from './errors.js';
import type { OutStream } from './io/streams.js';

/** Things to close on shutdown, closed in reverse order of opening. */
export interface Cleanup {
  /** Register `close` under a name used if it fails. */
  add(name: string, close: () => unknown): void;
  /**
   * Close everything, last opened first. A failing step is reported on `stderr` as one line
   * and the remaining steps still run, so one stuck socket never keeps a PTY or queue open.
   */
  run(): Promise<void>;
}

/** A fresh cleanup stack. */
export function createCleanup(stderr: OutStream): Cleanup {
  const steps: { name: string; close: () => unknown }[] = [];
  let running: Promise<void> | null = null;
  return {
    add(name, close) {
      steps.push({ name, close });
    },
    run() {
      running ??= (async () => {
        for (const step of steps.reverse()) {
          try {
            await step.close();
          } catch (error) {
            stderr.write(`evse: closing ${step.name} failed: ${describeError(error)}\n`);
          }
        }
        steps.length = 0;
      })();
      return running;
    },
  };
}
