/**
 * A V8 heap snapshot written to a file and summed: the live objects V8 found reachable, which
 * `process.memoryUsage().heapUsed` after a GC only approximates (it also counts code, free
 * space in pages kept and what the last GC left). bench/soak.ts diffs two of them to say
 * whether a heap slope is retention.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

export interface HeapSummary {
  readonly file: string;
  /** Heap graph nodes (objects, strings, closures, code …). */
  readonly nodes: number;
  /** Their self sizes summed, bytes. */
  readonly bytes: number;
}

interface SnapshotJson {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[] } };
  readonly nodes: readonly number[];
}

/** Write a snapshot to `file` (after a GC, which V8 does for it) and sum its nodes. */
export function snapshotHeap(file: string): HeapSummary {
  writeHeapSnapshot(file);
  const snap = JSON.parse(readFileSync(file, 'utf8')) as SnapshotJson;
  const fields = snap.snapshot.meta.node_fields;
  const size = fields.indexOf('self_size');
  let bytes = 0;
  for (let i = size; i < snap.nodes.length; i += fields.length) bytes += snap.nodes[i] ?? 0;
  return { file, nodes: snap.nodes.length / fields.length, bytes };
}
