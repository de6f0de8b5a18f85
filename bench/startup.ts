/**
 * Start-up of the BUILT `evse` as a Pi installs it (issue 14 item 5; docs/install-pi.md):
 * every package built and packed (`pnpm -r pack`), the tarballs installed with plain npm into
 * an empty global prefix (no pnpm, no build), then
 *   - `evse --version` wall time, median of 10;
 *   - `evse bridge --port emulator` spawned → BootNotification Accepted by a central system
 *     on 127.0.0.1 (createCentralSystem, in this process), median of 5.
 * Usage: node --import tsx --conditions=@evse/source bench/startup.ts [TARBALL_DIR]
 * (TARBALL_DIR: the tarballs there are used; if it has none, they are built and packed into
 * it, which takes about 4 minutes, more on a busy machine.)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createCentralSystem } from '../packages/ocpp15/src/index.js';
import { cleanEnv, must, run, scratch, stageWorkspace } from '../test/support/pack.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Milliseconds from spawning `bin args` until `done(stdout)` is true (or the process exits). */
function timeUntil(
  bin: string,
  args: string[],
  done: (stdout: string) => boolean,
  timeoutMs = 60_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ms = performance.now() - started;
      child.kill('SIGTERM');
      if (error) reject(error);
      else resolve(ms);
    };
    const timer = setTimeout(() => finish(new Error(`timed out: ${out}${err}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (done(out)) finish();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      if (done(out)) finish();
      else finish(new Error(`${bin} ${args.join(' ')} exited ${code}: ${out}${err}`));
    });
  });
}

const tmp = scratch();
try {
  const packDir = process.argv[2] ?? tmp.dir;
  mkdirSync(packDir, { recursive: true });
  const packed = (): string[] =>
    readdirSync(packDir)
      .filter((f) => f.endsWith('.tgz') && !f.startsWith('evse-monorepo-'))
      .map((f) => join(packDir, f));
  let tarballs = packed();
  if (tarballs.length === 0) {
    const workspace = join(tmp.dir, 'workspace');
    await stageWorkspace(workspace);
    // As test/support/pack.ts's buildAndPack, with room for a busy machine (tsup's .d.ts).
    for (const args of [
      ['-r', '--workspace-concurrency=1', 'build'],
      ['-r', 'pack', '--pack-destination', packDir],
    ]) {
      const r = await run('npx', ['-y', 'pnpm@10.34.9', ...args], workspace, 30 * 60_000);
      if (r.code !== 0) throw new Error(`pnpm ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    tarballs = packed();
  }
  // With TARBALL_DIR the installed prefix is kept there too, and reused by the next run.
  const prefix = join(process.argv[2] ?? tmp.dir, 'prefix');
  let installS = Number.NaN;
  if (!existsSync(join(prefix, 'bin', 'evse'))) {
    // As on a Pi: `npm install -g`, here into an empty prefix instead of /usr/local.
    const t0 = performance.now();
    const install = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', ...tarballs],
      tmp.dir,
      30 * 60_000, // better-sqlite3 compiles where its prebuilt addon cannot be downloaded
    );
    if (install.code !== 0) throw new Error(`npm install -g: ${install.stdout}${install.stderr}`);
    installS = (performance.now() - t0) / 1000;
  }
  const evse = join(prefix, 'bin', 'evse');

  // The floor on this machine at this moment: Node.js starting and exiting with nothing to do.
  const nodeMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await must(process.execPath, ['-e', '0'], tmp.dir);
    nodeMs.push(performance.now() - started);
  }
  const versionMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await must(evse, ['--version'], tmp.dir);
    versionMs.push(performance.now() - started);
  }

  const cs = await createCentralSystem({ host: '127.0.0.1', port: 0, allow: 'any' });
  const bootMs: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      bootMs.push(
        await timeUntil(
          evse,
          [
            'bridge',
            '--port',
            'emulator',
            '--ocpp',
            cs.url,
            '--id',
            `CP-START-${i}`,
            '--log-format',
            'json',
          ],
          (out) => /"event":"booted"[^\n]*"status":"Accepted"/.test(out),
        ),
      );
    }
  } finally {
    await cs.close();
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}, ${new Date().toISOString().slice(0, 16)}Z`,
  );
  if (!Number.isNaN(installS))
    console.log(`npm install -g of the ${tarballs.length} tarballs: ${installS.toFixed(1)} s`);
  console.log(`node -e 0 (the floor): median ${median(nodeMs).toFixed(0)} ms of 10`);
  console.log(
    `evse --version: median ${median(versionMs).toFixed(0)} ms of 10 (min ${Math.min(...versionMs).toFixed(0)}, max ${Math.max(...versionMs).toFixed(0)})`,
  );
  console.log(
    `evse bridge → BootNotification Accepted: median ${median(bootMs).toFixed(0)} ms of 5 (min ${Math.min(...bootMs).toFixed(0)}, max ${Math.max(...bootMs).toFixed(0)})`,
  );
} finally {
  tmp.cleanup();
}
