/**
 * Runs the third-party Python clients of the interop tests (`../clients/*.py`) with Debian's
 * `/usr/bin/python3` + python3-serial (installed by `.ci/run`). `hasPySerial` lets a suite skip
 * itself where they are absent, like the PTY tests skip without socat.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';

/** Absolute path of a client script in `test/interop/clients/`. */
export const clientPath = (name: string): string =>
  fileURLToPath(new URL(`../clients/${name}`, import.meta.url));

/** True when `/usr/bin/python3` can import pyserial. */
export const hasPySerial: boolean = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import serial'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Run a client to completion; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runPython(
  script: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [clientPath(script), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${script} exited ${signal ?? code}: ${stderr}${stdout}`));
    });
  });
}

/** One answer of `rapi_pipe.py`. */
export interface PipeAnswer {
  ok?: boolean;
  data?: string;
  error?: string;
  [key: string]: unknown;
}

/** `rapi_pipe.py` as a JSON-lines RPC: one command, one answer, in order. */
export interface PythonPipe {
  call(command: Record<string, unknown>): Promise<PipeAnswer>;
  /** End stdin (the script closes its port and exits); kills it if it lingers. */
  close(): Promise<void>;
}

/** Start `rapi_pipe.py serial PATH` or `rapi_pipe.py tcp HOST PORT`; resolves once it is open. */
export async function startPipe(args: string[]): Promise<PythonPipe> {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [
    clientPath('rapi_pipe.py'),
    ...args,
  ]);
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const waiting: Array<{ resolve: (a: PipeAnswer) => void; reject: (e: Error) => void }> = [];
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (text) => waiting.shift()?.resolve(JSON.parse(text) as PipeAnswer));
  void exited.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(`rapi_pipe.py exited: ${stderr}`));
  });
  const next = () =>
    new Promise<PipeAnswer>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await next();
  if (!ready['ready']) throw new Error(`rapi_pipe.py did not start: ${stderr}`);
  return {
    call(command) {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return answer;
    },
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rl.close();
    },
  };
}
