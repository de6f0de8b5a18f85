/**
 * The packages are publishable (issue 14, item 3), checked on what would be published:
 * every package built and packed with pnpm, checked by publint and Are The Types Wrong, the
 * tarballs installed with plain npm into an empty folder, then the `evse` command run from
 * there and `@evse/core` + `@evse/transport-emulator` imported from a plain `.mjs` file and
 * from a TypeScript file type-checked with `moduleResolution: nodenext`.
 *
 * SLOW: about 4 minutes on a busy 2-core machine (tsup's declaration builds ≈ 2–3 min, npm
 * install ≈ 10–30 s with the registry reachable, the rest seconds). npm needs the registry
 * for the packages' third-party dependencies.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAndPack,
  npmInstall,
  packageDirs,
  root,
  run,
  scratch,
  stageWorkspace,
} from './support/pack.js';

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
const cliVersion = manifest('apps/cli').version;
const tmp = scratch();
const project = join(tmp.dir, 'consumer');
let tarballs: string[] = [];

beforeAll(async () => {
  await stageWorkspace(join(tmp.dir, 'workspace'));
  tarballs = await buildAndPack(join(tmp.dir, 'workspace'), tmp.dir);
  await npmInstall(project, tarballs);
}, 30 * 60_000);
afterAll(() => tmp.cleanup());

/** `package/package.json` of a tarball. */
async function packedManifest(tarball: string): Promise<Record<string, unknown>> {
  const r = await run('tar', ['-xzOf', tarball, 'package/package.json'], tmp.dir);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('every package, packed', () => {
  it('is one tarball per workspace package, each at its version and publishable', async () => {
    const expected = packageDirs().map((d) => `${manifest(d).name}@${manifest(d).version}`);
    const packed: string[] = [];
    for (const t of tarballs) {
      const m = await packedManifest(t);
      packed.push(`${String(m['name'])}@${String(m['version'])}`);
      expect(m['private'], t).toBeUndefined();
      const text = JSON.stringify(m);
      expect(text, t).not.toContain('workspace:'); // pnpm pack pinned the sibling versions
      expect(text, t).not.toContain('@evse/source'); // publishConfig.exports replaced the map
      const listing = await run('tar', ['-tzf', t], tmp.dir);
      expect(listing.stdout, t).toContain('package/LICENSE');
      expect(listing.stdout, t).not.toMatch(/package\/(src|test)\//);
    }
    expect(packed.sort()).toEqual(expected.sort());
    expect(new Set(packed.map((p) => p.split('@').pop()))).toEqual(new Set(['0.1.0']));
  });

  it('passes publint with nothing to report', async () => {
    for (const t of tarballs) {
      const r = await run(join(root, 'node_modules/.bin/publint'), ['run', t, '--strict'], root);
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout, t).toContain('All good!');
    }
  }, 120_000);

  // esm-only: the packages are ES modules only by design (`"type": "module"`, an `import`
  // condition, Node ≥ 20.19), so node10 and CommonJS `require` resolution are out of scope.
  it('passes Are The Types Wrong (esm-only profile) with no problems', async () => {
    for (const t of tarballs) {
      const r = await run(
        join(root, 'node_modules/.bin/attw'),
        [t, '--profile', 'esm-only', '--format', 'ascii'],
        root,
      );
      // attw exits non-zero on any problem the profile does not ignore; and every entry point
      // resolves to ESM with types for Node's `import` and for bundlers.
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout, t).toMatch(/node16 \(from ESM\): 🟢/);
      expect(r.stdout, t).not.toMatch(/^(node16 \(from ESM\)|bundler): (?!🟢)/m);
    }
  }, 120_000);
});

describe('installed from the tarballs with npm', () => {
  it(`npx evse --version prints ${cliVersion}`, async () => {
    const r = await run('npx', ['--no-install', 'evse', '--version'], project);
    expect(r).toMatchObject({ code: 0, stdout: `${cliVersion}\n` });
  });

  it('npx evse demo --once runs a whole charging session', async () => {
    const ports = ['--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--listen', '127.0.0.1:0'];
    const r = await run(
      'npx',
      ['--no-install', 'evse', 'demo', '--once', '--speed', '20', ...ports],
      project,
      120_000,
    );
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/BootNotification: Accepted/);
    expect(r.stdout).toMatch(/Session complete: transaction 1, \d+ Wh by the station's meter/);
  }, 150_000);

  it('imports @evse/core and @evse/transport-emulator from a plain .mjs file', async () => {
    writeFileSync(join(project, 'consumer.mjs'), CONSUMER);
    const r = await run(process.execPath, ['consumer.mjs'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('firmware 8.2.3, RAPI 5.2.1\nloopback pair: function\n');
  });

  it('type-checks a TypeScript consumer with moduleResolution nodenext', async () => {
    writeFileSync(join(project, 'consumer.ts'), TS_CONSUMER);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TS_CONFIG, null, 2));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    // The same file with one deliberate type error fails, so the types really are checked.
    writeFileSync(join(project, 'consumer.ts'), TS_CONSUMER.replace('// @ts-expect-error\n', ''));
    const broken = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toMatch(/consumer\.ts\(\d+,\d+\): error TS2345/);
  }, 120_000);
});

/** What a library user writes: an emulated controller, raw RAPI, the testing entry point. */
const CONSUMER = `import { createRapiClient } from '@evse/core';
import { createLoopbackPair } from '@evse/core/testing';
import { createEmulator } from '@evse/transport-emulator';

const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
let subscription;
await new Promise((resolve) => {
  subscription = emulator.control.status$.subscribe((s) => s.state === 'notConnected' && resolve());
});
subscription.unsubscribe();
const client = createRapiClient(emulator.transport, { closeTransport: false });
const version = await client.getVersion();
console.log(\`firmware \${version.firmware}, RAPI \${version.protocol}\`);
console.log(\`loopback pair: \${typeof createLoopbackPair}\`);
await client.close();
await emulator.close();
`;

/** The same use in TypeScript, with the library's own types; no Node types needed. */
const TS_CONSUMER = `import { createRapiClient, type RapiClient, type Transport } from '@evse/core';
import { createLoopbackPair } from '@evse/core/testing';
import { createEmulator, type EmulatorOptions } from '@evse/transport-emulator';

const options: EmulatorOptions = { bootDelayMs: 0, postMs: 0 };
const emulator = createEmulator(options);
const transport: Transport = emulator.transport;
const client: RapiClient = createRapiClient(transport, { closeTransport: false });

export async function version(): Promise<string> {
  const v = await client.getVersion();
  const firmware: string = v.firmware;
  return \`\${firmware} \${v.protocol}\`;
}

export const pair = createLoopbackPair;

// @ts-expect-error
createRapiClient(42);
`;

const TS_CONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    types: [],
    skipLibCheck: false,
  },
  files: ['consumer.ts'],
};
