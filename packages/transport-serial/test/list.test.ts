import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSerialPorts } from '../src/index.js';

/** What `SerialPort.list()` throws on Linux without udevadm (verified on this machine). */
const udevadmMissing = () =>
  Promise.reject(
    Object.assign(new Error('spawn udevadm ENOENT'), {
      code: 'ENOENT',
      syscall: 'spawn udevadm',
      path: 'udevadm',
    }),
  );

let dev = '';
beforeAll(async () => {
  // A fake /dev as on a Pi with a USB adapter: serial0 → ttyAMA0, by-id link → ttyUSB0.
  dev = await mkdtemp(join(tmpdir(), 'evse-dev-'));
  for (const name of ['ttyUSB0', 'ttyACM1', 'ttyAMA0', 'ttyS0', 'tty1', 'null']) {
    await writeFile(join(dev, name), '');
  }
  await symlink('ttyAMA0', join(dev, 'serial0'));
  await mkdir(join(dev, 'serial/by-id'), { recursive: true });
  await symlink(
    '../../ttyUSB0',
    join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0'),
  );
});
afterAll(async () => {
  await rm(dev, { recursive: true, force: true });
});

describe('listSerialPorts', () => {
  it('uses the system listing when it works', async () => {
    const result = await listSerialPorts({
      devDir: dev,
      list: async () => [
        {
          path: '/dev/ttyUSB0',
          manufacturer: 'FTDI',
          vendorId: '0403',
          productId: '6001',
          pnpId: 'usb-FTDI_x',
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      source: 'system',
      warning: null,
      ports: [
        {
          path: '/dev/ttyUSB0',
          kind: 'usb-serial',
          manufacturer: 'FTDI',
          vendorId: '0403',
          productId: '6001',
          aliases: [join(dev, 'serial/by-id/usb-FTDI_x')],
        },
      ],
    });
  });

  it('without udevadm it falls back to scanning /dev and says why', async () => {
    const result = await listSerialPorts({ devDir: dev, list: udevadmMissing });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.source).toBe('scan');
    expect(result.warning).toMatch(/needs udevadm, which is not installed \(apt install udev\)/);
    // ttyS0/tty1/null are not offered; serial0 is an alias of ttyAMA0, by-id of ttyUSB0.
    expect(result.ports).toEqual([
      { path: join(dev, 'ttyACM1'), kind: 'usb-acm' },
      { path: join(dev, 'ttyAMA0'), kind: 'uart', aliases: [join(dev, 'serial0')] },
      {
        path: join(dev, 'ttyUSB0'),
        kind: 'usb-serial',
        aliases: [join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0')],
      },
    ]);
  });

  it('serial0 pointing at a UART that is not a candidate (mini UART ttyS0) is listed itself', async () => {
    const pi3 = await mkdtemp(join(tmpdir(), 'evse-dev-'));
    try {
      await writeFile(join(pi3, 'ttyS0'), '');
      await symlink('ttyS0', join(pi3, 'serial0'));
      const result = await listSerialPorts({ devDir: pi3, list: udevadmMissing });
      expect(result).toMatchObject({
        ok: true,
        ports: [{ path: join(pi3, 'serial0'), kind: 'uart' }],
      });
    } finally {
      await rm(pi3, { recursive: true, force: true });
    }
  });

  it('when both the listing and the scan fail it resolves ok: false with a printable reason', async () => {
    const result = await listSerialPorts({ devDir: join(dev, 'missing'), list: udevadmMissing });
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.reason).toMatch(/udevadm.*and .*missing could not be read/);
  });

  it('other listing failures are named too', async () => {
    const result = await listSerialPorts({
      devDir: dev,
      list: () => Promise.reject(new Error('boom')),
    });
    expect(result).toMatchObject({ ok: true, source: 'scan' });
    if (result.ok) expect(result.warning).toMatch(/listing failed \(boom\)/);
  });
});
