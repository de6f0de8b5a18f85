import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Error codes of the on-disk journal and state files. */
export type StoreErrorCode = 'CORRUPT' | 'IO';

/** A journal or state file could not be read or written; the file is left untouched. */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly file: string;
  /** The message without the file name. */
  readonly detail: string;
  constructor(code: StoreErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.code = code;
    this.file = file;
    this.detail = message;
  }
}

/** An append-only JSON-lines file; every append is fsynced before it returns. */
export interface Journal {
  /** Records read at open (a torn last line from a crash is dropped). */
  readonly records: readonly unknown[];
  /** Append records as one write and fsync them (durable when this returns). */
  append(records: readonly unknown[]): void;
  /** Atomically replace the whole journal (write temp, fsync, rename, fsync dir). */
  rewrite(records: readonly unknown[]): void;
  close(): void;
}

/** fsync a directory so a rename in it survives power loss. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write `text` to `file` atomically: temp file, fsync, rename, fsync directory. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/**
 * Parse journal text. A last line without its newline is a write cut short by a crash: it
 * was never acknowledged as durable, so it is dropped. Any other unparsable line means the
 * file was damaged from outside — refuse with CORRUPT rather than guess.
 */
function parse(
  file: string,
  text: string,
  check: RecordCheck,
): { records: unknown[]; validLength: number } {
  const records: unknown[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // torn tail
    const line = text.slice(pos, nl);
    if (line.trim() !== '') {
      const lineNo = (): number => text.slice(0, pos).split('\n').length;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (cause) {
        throw new StoreError('CORRUPT', file, `line ${lineNo()} is not JSON`, { cause });
      }
      const problem = check(record);
      if (problem !== null) throw new StoreError('CORRUPT', file, `line ${lineNo()} ${problem}`);
      records.push(record);
    }
    pos = nl + 1;
  }
  return { records, validLength: Buffer.byteLength(text.slice(0, pos)) };
}

/** Says what is wrong with a record read back (null: nothing). */
export type RecordCheck = (record: unknown) => string | null;

/**
 * Open (or create) a journal file, replaying what a previous process left. A line that is
 * not JSON, or that `check` refuses, is a StoreError CORRUPT and the file is left untouched.
 */
export function openJournal(file: string, check: RecordCheck = () => null): Journal {
  mkdirSync(dirname(file), { recursive: true });
  let records: unknown[] = [];
  const existed = existsSync(file);
  if (existed) {
    const text = readFileSync(file, 'utf8');
    const parsed = parse(file, text, check);
    records = parsed.records;
    if (parsed.validLength !== Buffer.byteLength(text)) {
      // Cut the torn tail so the next append starts on a fresh line.
      const fd = openSync(file, 'r+');
      try {
        ftruncateSync(fd, parsed.validLength);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  let fd: number | null = openSync(file, 'a');
  // A new file's directory entry must survive power loss too, or the first appends are lost.
  if (!existed) fsyncDir(dirname(file));
  const open = (): number => {
    if (fd === null) throw new StoreError('IO', file, 'journal is closed');
    return fd;
  };
  return {
    records,
    append(recs) {
      if (recs.length === 0) return;
      const h = open();
      writeSync(h, recs.map((r) => `${JSON.stringify(r)}\n`).join(''));
      fsyncSync(h);
    },
    rewrite(recs) {
      const h = open();
      writeFileAtomic(file, recs.map((r) => `${JSON.stringify(r)}\n`).join(''));
      closeSync(h);
      fd = openSync(file, 'a');
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** A journal that could not be read, renamed so that nothing in it is lost or guessed at. */
export interface SetAsideJournal {
  /** The journal's path. */
  readonly file: string;
  /** Where it was moved: `<file>.corrupt-<UTC timestamp>`. */
  readonly movedTo: string;
  /** What was wrong with it. */
  readonly reason: string;
}

/** Rename a damaged journal to `<file>.corrupt-<UTC timestamp>` (never over an older one). */
export function moveAside(file: string, error: StoreError): SetAsideJournal {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let movedTo = `${file}.corrupt-${stamp}`;
  for (let n = 2; existsSync(movedTo); n++) movedTo = `${file}.corrupt-${stamp}-${n}`;
  try {
    renameSync(file, movedTo);
  } catch (cause) {
    throw new StoreError('IO', file, `is damaged (${error.detail}) and could not be moved aside`, {
      cause,
    });
  }
  return { file, movedTo, reason: error.detail };
}
