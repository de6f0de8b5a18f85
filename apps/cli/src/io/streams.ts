/** The part of a writable stream `evse` uses; `process.stdout` and test buffers both fit. */
export interface OutStream {
  write(text: string): unknown;
  /** True on a terminal: enables the in-place status line. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The part of a readable stream the interactive REPL uses (`process.stdin`). */
export interface InStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

/**
 * Everything `run()` touches outside itself, so tests can run the CLI in-process.
 * `signal` aborts when the user asks to stop (Ctrl-C / SIGTERM in `main.ts`); long-running
 * commands wait for it and then shut down cleanly.
 */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly stdin?: InStream;
}
