/**
 * Bundle bench entry points into plain JavaScript (bench/.out/*.mjs) the way `pnpm build`
 * ships the packages: esbuild via tsup, no `keepNames`. Running the TypeScript sources
 * through tsx instead would add tsx's `__name()` property to every function (about 18 KB per
 * fleet station, measured with a heap snapshot), which a built install does not have.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/** Where bundles go (git-ignored through bench/.gitignore). */
export const OUT_DIR = fileURLToPath(new URL('./.out/', import.meta.url));

/** Bundle `entries` (name → source path relative to bench/) into OUT_DIR/<name>.mjs. */
export async function bundle(entries: Record<string, string>): Promise<void> {
  const entry = Object.fromEntries(
    Object.entries(entries).map(([name, path]) => [
      name,
      fileURLToPath(new URL(path, import.meta.url)),
    ]),
  );
  await build({
    entry,
    outDir: OUT_DIR,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node20',
    bundle: true,
    noExternal: [/.*/],
    // ws loads these optional native add-ons in a try/catch.
    external: ['bufferutil', 'utf-8-validate'],
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: false,
    silent: true,
    config: false,
    // CommonJS dependencies (ws) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      options.conditions = ['@evse/source'];
      options.keepNames = false;
    },
  });
}
