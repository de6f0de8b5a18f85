/**
 * The published manifests agree with each other and with the workspace (issue 14, item 3),
 * checked on every run in milliseconds; test/pack-install.test.ts checks what they produce.
 * A manifest fact stated in every package (version, licence, repository, engines) must be
 * the root's, and `publishConfig.exports` must be `exports` without the workspace-only
 * `@evse/source` condition, so the two maps cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDirs, root } from './support/pack.js';

type Conditions = Record<string, string>;
interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: { type: string; url: string; directory?: string };
  engines?: { node?: string };
  exports: Record<string, Conditions>;
  types?: string;
  files?: string[];
  bin?: Record<string, string>;
  publishConfig?: { access?: string; exports?: Record<string, Conditions> };
}
const read = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
const rootManifest = read('.');
const dirs = packageDirs();

describe('package manifests', () => {
  it('covers every library and the CLI', () => {
    expect(dirs.map((d) => read(d).name).sort()).toEqual([
      '@evse/cli',
      '@evse/core',
      '@evse/dashboard',
      '@evse/fleet',
      '@evse/ocpp15',
      '@evse/ocpp16',
      '@evse/ocppj',
      '@evse/transport-emulator',
      '@evse/transport-serial',
      '@evse/wifi',
    ]);
    expect(rootManifest.private).toBe(true); // the workspace root is never published
  });

  it.each(dirs)('%s is publishable and says what it is', (dir) => {
    const m = read(dir);
    expect(m.private).toBeUndefined();
    expect(m.version).toBe(read('apps/cli').version); // one version: the changesets fixed group
    expect(m.description?.length).toBeGreaterThan(10);
    expect(m.license).toBe(rootManifest.license);
    expect(m.repository).toEqual({ ...rootManifest.repository, directory: dir });
    expect(m.engines).toEqual(rootManifest.engines);
    expect(m.files).toContain('dist');
    expect(m.types).toBe(m.exports['.']?.['types']);
    expect(m.publishConfig?.access).toBe('public');
    const published = Object.fromEntries(
      Object.entries(m.exports).map(([path, conditions]) => {
        const { '@evse/source': _source, ...rest } = conditions;
        return [path, rest];
      }),
    );
    expect(m.publishConfig?.exports).toEqual(published);
    for (const conditions of Object.values(published)) {
      expect(Object.keys(conditions)).toEqual(['types', 'import']); // types first (publint)
    }
  });

  it('the changesets config releases every @evse package together', () => {
    const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8')) as {
      fixed: string[][];
      access: string;
    };
    expect(config.fixed).toEqual([['@evse/*']]);
    expect(config.access).toBe('public');
  });
});
