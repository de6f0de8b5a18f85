/**
 * The page's static files (`ui/`), read once into memory: everything the browser loads comes
 * from our server, so the dashboard works offline (no CDN, no fonts, no network).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** One served file. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** `ui/` next to `src/` and `dist/` alike, so source and build find the same files. */
export const UI_DIR: URL = new URL('../ui/', import.meta.url);

/** Every servable file of `dir` by name (`index.html`, `app.js`, …). */
export function loadAssets(dir: URL = UI_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (type === undefined) continue;
    assets.set(name, { type, body: readFileSync(new URL(name, dir)) });
  }
  return assets;
}
