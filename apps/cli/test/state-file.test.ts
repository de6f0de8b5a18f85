// `evse emulate --state-file` that cannot be used fails at start, before any ready line,
// naming the path and why (AUDIT-2026-12.md #17). Real processes and files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/evse-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'evse-state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('evse emulate --state-file at start', () => {
  it.each([
    [
      'a missing directory',
      join(dir, 'nowhere', 'x.json'),
      /cannot be created: directory \S+nowhere does not exist$/,
    ],
    ['a directory', dir, /cannot be read: it is a directory$/],
    ['[]', file('array.json', '[]'), /is not valid: not an emulator state file/],
    ['{"foo":1}', file('foo.json', '{"foo":1}'), /is not valid: not an emulator state file/],
  ])(
    '%s: one line naming the file, exit 1, nothing served',
    async (_what, path, why) => {
      const { code, stdout, stderr } = await runCli([
        'emulate',
        '--tcp',
        '127.0.0.1:0',
        '--http',
        '127.0.0.1:0',
        '--state-file',
        path,
      ]);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`evse: emulator state file ${path} `);
      expect(lines[0]).toMatch(why);
      expect(code).toBe(1);
    },
    30_000,
  );
});
