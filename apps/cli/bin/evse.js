#!/usr/bin/env node
// Launcher for the `evse` command. A built package (`dist/main.js`, from `pnpm build`) runs
// as plain JavaScript. In a workspace checkout without a build, the TypeScript sources run
// in-process through tsx, with the `@evse/source` export condition added so that workspace
// packages resolve to their `src/` too (the same condition vitest and tsc use). Everything
// resolves relative to this file, so the command works from any working directory.
// EVSE_FROM_SOURCE=1 forces the source path even when a build exists (the CLI tests use it
// so that a stale build never hides a change).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const dist = new URL('../dist/main.js', import.meta.url);
const fromSource = process.env.EVSE_FROM_SOURCE === '1' || !existsSync(dist);

if (fromSource) {
  // A resolve hook that adds the condition, registered before tsx so that tsx's own
  // resolution (which maps `.js` specifiers to `.ts` files) passes through it.
  const hook = [
    'export async function resolve(specifier, context, next) {',
    "  const conditions = [...new Set([...(context.conditions ?? []), '@evse/source'])];",
    '  return next(specifier, { ...context, conditions });',
    '}',
  ].join('\n');
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write(
      'evse: running from source needs tsx (a devDependency): run `npx -y pnpm@10.34.9 install`, or build with `pnpm build`\n',
    );
    process.exit(1);
  }
  tsx.register();
  await import(new URL('../src/main.ts', import.meta.url).href);
} else {
  await import(dist.href);
}
