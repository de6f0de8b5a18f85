import { readdir, readlink } from 'node:fs/promises';
import { basename, join, resolve as resolvePath } from 'node:path';
import { SerialPort } from 'serialport';

/** One candidate port for `evse ports`. Fields other than `path` are best effort. */
export interface SerialPortInfo {
  /** The path to pass to `--port`, e.g. `/dev/ttyUSB0`. */
  readonly path: string;
  /** What kind of device the name suggests (USB adapter, USB CDC, on-board UART). */
  readonly kind: 'usb-serial' | 'usb-acm' | 'uart' | 'other';
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
  /** Stable `/dev/serial/by-id/…` names (or the Pi's `/dev/serial0` alias) for this device. */
  readonly aliases?: readonly string[];
}

/** Result of `listSerialPorts`: it never rejects; `ok: false` carries a printable reason. */
export type PortListResult =
  | {
      readonly ok: true;
      /** `system`: from `SerialPort.list()` (udev); `scan`: from names found in /dev. */
      readonly source: 'system' | 'scan';
      readonly ports: readonly SerialPortInfo[];
      /** Why the listing is degraded (e.g. udevadm missing), or null. */
      readonly warning: string | null;
    }
  | { readonly ok: false; readonly reason: string; readonly cause: unknown };

/** Options of `listSerialPorts` (for tests and unusual systems). */
export interface ListSerialPortsOptions {
  /** The system lister. @default SerialPort.list */
  readonly list?: () => Promise<
    ReadonlyArray<{
      path: string;
      manufacturer?: string | undefined;
      serialNumber?: string | undefined;
      vendorId?: string | undefined;
      productId?: string | undefined;
      pnpId?: string | undefined;
    }>
  >;
  /** Where device nodes live. @default '/dev' */
  readonly devDir?: string;
}

// USB adapters (FTDI/CH340/CP210x) → ttyUSB, native USB CDC → ttyACM, the Pi's PL011 UART →
// ttyAMA, and the Pi's `serial0`/`serial1` aliases that point at whichever UART is on GPIO 14/15.
const CANDIDATE = /^(ttyUSB\d+|ttyACM\d+|ttyAMA\d+|serial\d)$/;

function kindOf(name: string): SerialPortInfo['kind'] {
  if (name.startsWith('ttyUSB')) return 'usb-serial';
  if (name.startsWith('ttyACM')) return 'usb-acm';
  if (name.startsWith('ttyAMA') || name.startsWith('ttyS') || name.startsWith('serial'))
    return 'uart';
  return 'other';
}

/**
 * List serial ports. Uses `SerialPort.list()` and, where that fails (on Linux it runs
 * `udevadm`, missing on minimal systems and containers: "spawn udevadm ENOENT"), falls back to
 * scanning /dev for ttyUSB*, ttyACM*, ttyAMA*, serial0/1 and /dev/serial/by-id.
 */
export async function listSerialPorts(
  options: ListSerialPortsOptions = {},
): Promise<PortListResult> {
  const { list = SerialPort.list, devDir = '/dev' } = options;
  let listError: unknown;
  try {
    const found = await list();
    const ports = found.map((p) => ({
      path: p.path,
      kind: kindOf(basename(p.path)),
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
      ...(p.pnpId ? { aliases: [join(devDir, 'serial/by-id', p.pnpId)] } : {}),
    }));
    return { ok: true, source: 'system', ports, warning: null };
  } catch (err) {
    listError = err;
  }
  const why = describeListFailure(listError);
  try {
    const ports = await scanDev(devDir);
    return {
      ok: true,
      source: 'scan',
      ports,
      warning: `${why}; listed device names from ${devDir} instead (no vendor details)`,
    };
  } catch (err) {
    return {
      ok: false,
      reason: `${why}, and ${devDir} could not be read: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    };
  }
}

function describeListFailure(err: unknown): string {
  const e = err as { code?: unknown; path?: unknown; message?: unknown } | null;
  if (e?.code === 'ENOENT' && e.path === 'udevadm') {
    return 'the system port listing needs udevadm, which is not installed (apt install udev)';
  }
  return `the system port listing failed (${e && typeof e.message === 'string' ? e.message : String(err)})`;
}

async function scanDev(devDir: string): Promise<SerialPortInfo[]> {
  const names = (await readdir(devDir)).filter((n) => CANDIDATE.test(n)).sort();
  const aliases = new Map<string, string[]>();
  const addAlias = (target: string, alias: string): void => {
    aliases.set(target, [...(aliases.get(target) ?? []), alias]);
  };
  const byIdDir = join(devDir, 'serial/by-id');
  const byId = await readdir(byIdDir).catch(() => [] as string[]);
  for (const link of byId.sort()) {
    const target = await readlink(join(byIdDir, link)).catch(() => null);
    if (target !== null) addAlias(basename(resolvePath(byIdDir, target)), join(byIdDir, link));
  }
  const ports: SerialPortInfo[] = [];
  for (const name of names) {
    if (name.startsWith('serial')) {
      // /dev/serial0 is a symlink on Raspberry Pi OS; report it as an alias of its target.
      const target = await readlink(join(devDir, name)).catch(() => null);
      if (target !== null) {
        addAlias(basename(target), join(devDir, name));
        if (!names.includes(basename(target))) {
          ports.push({ path: join(devDir, name), kind: 'uart' });
        }
        continue;
      }
    }
    ports.push({ path: join(devDir, name), kind: kindOf(name) });
  }
  return ports.map((p) => {
    const a = aliases.get(basename(p.path));
    return a ? { ...p, aliases: a } : p;
  });
}
