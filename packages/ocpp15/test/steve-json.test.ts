import { describe, expect, it } from 'vitest';
import { forHtml } from '../src/central/steve-json.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

describe('forHtml (OWASP Encode.forHtml, STEVE.md §1.7)', () => {
  it('encodes the five characters, blanks invalid XML controls and keeps every other character', () => {
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      const invalidControl =
        (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
      const want = ENTITIES[c] ?? (invalidControl ? ' ' : c);
      expect(forHtml(`ab${c}cd`), `U+${code.toString(16)}`).toBe(`ab${want}cd`);
    }
  });

  it('hands back a string with nothing to encode unchanged, astral characters included', () => {
    for (const text of ['', 'FLEET-TAG', 'Sample.Periodic', 'tab\there\r\n', 'car 🚗 ⚡']) {
      expect(forHtml(text)).toBe(text);
    }
    expect(forHtml('🚗<&>🚗')).toBe('🚗&lt;&amp;&gt;🚗');
  });
});
