/**
 * The release path, run for real in temporary folders (test/pack-install.test.ts): a copy of
 * the workspace's files (what a clone has; node_modules linked, not reinstalled), every
 * package built with its own `build` script and packed with `pnpm pack` (which rewrites
 * `workspace:*` and applies `publishConfig`, as `pnpm publish` does), then the tarballs
 * installed with plain npm into an empty project, as a library user would.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
/** The pnpm the README's commands use. */
const PNPM = ['-y', 'pnpm@10.34.9'];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a child: the caller's, without what a test run or a package manager
 * running us put there (Vitest's variables, pnpm's `npm_config_*`), so npm behaves as in a
 * user's shell.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|PNPM_|EVSE_)/i.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return env;
}

/** Runs a command to its end; never rejects (the caller asserts on the code and output). */
export function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000) {
  return new Promise<RunResult>((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Fails with the command's output when it did not exit 0. */
export async function must(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs?: number,
): Promise<RunResult> {
  const r = await run(cmd, args, cwd, timeoutMs);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** The workspace's packages (each folder of packages/ and apps/ with a package.json). */
export function packageDirs(): string[] {
  return ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(root, top))
      .map((d) => `${top}/${d}`)
      .filter((d) => existsSync(join(root, d, 'package.json'))),
  );
}

/** A scratch folder, removed by `cleanup()`. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'evse-pack-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the files git knows into `dest` and links the installed node_modules beside them. */
export async function stageWorkspace(dest: string): Promise<void> {
  const listed = await must('git', ['ls-files', '-co', '--exclude-standard', '-z'], root);
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || !existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(root, file), join(dest, file));
  }
  symlinkSync(join(root, 'node_modules'), join(dest, 'node_modules'));
  for (const pkg of packageDirs()) {
    const modules = join(root, pkg, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(dest, pkg, 'node_modules'));
  }
}

/** `pnpm -r build`, then `pnpm -r pack` into `out`; returns the tarballs of the packages. */
export async function buildAndPack(workspace: string, out: string): Promise<string[]> {
  // One package at a time: the machine is shared with the rest of the test run.
  // Seven declaration builds in a row take over 5 minutes on a loaded 2-core machine.
  await must('npx', [...PNPM, '-r', '--workspace-concurrency=1', 'build'], workspace, 900_000);
  await must('npx', [...PNPM, '-r', 'pack', '--pack-destination', out], workspace);
  // `pnpm -r pack` packs the private workspace root too; it is not published.
  return readdirSync(out)
    .filter((f) => f.endsWith('.tgz') && !f.startsWith('evse-monorepo-'))
    .map((f) => join(out, f));
}

/** An empty project with the tarballs installed by npm (not pnpm). */
export async function npmInstall(project: string, tarballs: string[]): Promise<void> {
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'evse-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  // better-sqlite3 may compile from source: minutes when the machine is loaded.
  await must(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs],
    project,
    900_000,
  );
}
