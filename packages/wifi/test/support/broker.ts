/** A real mosquitto on 127.0.0.1 (Debian's, `.ci/apt-packages`), on a free port with a temp config. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const MOSQUITTO = '/usr/sbin/mosquitto';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

export interface Broker {
  readonly port: number;
  readonly url: string;
  /** Stop the broker (it can be started again on the same port with `restart`). */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startBroker(users?: Record<string, string>): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'evse-mosquitto-'));
  const port = await freePort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false'];
  if (users) {
    const file = join(dir, 'passwd');
    writeFileSync(file, '');
    for (const [user, pass] of Object.entries(users)) {
      execFileSync('/usr/bin/mosquitto_passwd', ['-b', file, user, pass]);
    }
    // Run as root, mosquitto drops to its own user: it must be able to read the file.
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else lines.push('allow_anonymous true');
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const c = spawn(MOSQUITTO, ['-c', conf, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('mosquitto did not start')), 10_000);
      const seen = (line: string) => {
        if (/Opening ipv4 listen socket|mosquitto version .* running/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      };
      if (c.stderr) createInterface({ input: c.stderr }).on('line', seen);
      if (c.stdout) createInterface({ input: c.stdout }).on('line', seen);
      c.once('exit', (code) => reject(new Error(`mosquitto exited ${code}`)));
    });
  }

  async function stop(): Promise<void> {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }

  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    restart: start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `mosquitto_sub -v` on `topics`: every `topic payload` line it prints, as they come. */
export function subscribe(port: number, topics: string[]) {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-v'];
  for (const t of topics) args.push('-t', t);
  const child = spawn('/usr/bin/mosquitto_sub', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: { at: number; topic: string; payload: string }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const space = line.indexOf(' ');
    lines.push({
      at: Date.now(),
      topic: space < 0 ? line : line.slice(0, space),
      payload: space < 0 ? '' : line.slice(space + 1),
    });
  });
  return {
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `mosquitto_pub -t topic -m payload`. */
export function publish(port: number, topic: string, payload: string): void {
  execFileSync('/usr/bin/mosquitto_pub', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-t',
    topic,
    '-m',
    payload,
  ]);
}
