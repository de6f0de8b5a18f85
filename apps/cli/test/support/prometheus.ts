// Scrape `/metrics` over real HTTP and parse it with a Prometheus text-format parser that is
// not ours (parse-prometheus-text-format), so the exposition is checked as Prometheus reads it.
import { createRequire } from 'node:module';

/** One sample of a family. */
export interface Sample {
  readonly value?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly buckets?: Readonly<Record<string, string>>;
}
/** A metric family as the parser gives it. */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: readonly Sample[];
}

const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Family[];

/** GET `url` (its /metrics); the families by name. Throws on a non-200 or a wrong content type. */
export async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain; version=0.0.4')) throw new Error(`content-type ${type}`);
  return new Map(parsePrometheus(text).map((f) => [f.name, f]));
}

/** The value of the sample of `family` whose labels include `labels` (undefined: none). */
export function sample(
  families: ReadonlyMap<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = families
    .get(name)
    ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found?.value === undefined ? undefined : Number(found.value);
}

/** The sum of every sample of `family` (e.g. stations over all states). */
export function total(families: ReadonlyMap<string, Family>, name: string): number {
  return (families.get(name)?.metrics ?? []).reduce((sum, m) => sum + Number(m.value ?? 0), 0);
}
