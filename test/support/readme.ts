/**
 * Shared by every README test: README usage examples are compiled and run by tests, so the
 * code people copy is the code that works. Test-only; nothing here ships.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/**
 * The first fenced block of `lang` inside the section that starts at the heading line
 * `heading` (e.g. `'## Usage'`) and runs to the next `## ` heading.
 */
export function readmeBlock(markdown: string, heading: string, lang = 'ts'): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (!match?.[1]) throw new Error(`"${heading}" has no \`\`\`${lang} block`);
  return match[1];
}

/** Run a TypeScript file from source (workspace packages resolve to `src/`); its stdout. */
export async function runExample(file: URL, cwd: URL, timeoutMs = 60_000): Promise<string> {
  const { stdout } = await execFileAsync(tsx, ['--conditions=@evse/source', fileURLToPath(file)], {
    cwd: fileURLToPath(cwd),
    timeout: timeoutMs,
  });
  return stdout;
}

/**
 * Write `code` as `<dir>/.<name>.tmp.ts` (so the package's own imports resolve), import it in
 * this process and return what it passed to `console.log`, one string a call.
 */
export async function importExample(code: string, dir: URL, name: string): Promise<string[]> {
  const url = new URL(`./.${name}.tmp.ts`, dir);
  writeFileSync(url, code);
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    await import(/* @vite-ignore */ `${url.href}?t=${Date.now()}`);
  } finally {
    console.log = log;
    rmSync(url, { force: true });
  }
  return lines;
}

/**
 * `run(title)` imports the `## <title>` example of the README at `readmeUrl` from `dir` and
 * returns what it logged: one call per README section test.
 */
export function sectionRunner(readmeUrl: URL, dir: URL): (title: string) => Promise<string[]> {
  const markdown = readFileSync(readmeUrl, 'utf8');
  return (title) => {
    const slug = title.toLowerCase().replace(/\W+/g, '-');
    return importExample(readmeBlock(markdown, `## ${title}`), dir, `readme-${slug}`);
  };
}
