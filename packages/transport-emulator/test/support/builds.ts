/**
 * Every build core's firmware table allows (FIELD-FIRMWARE.md §2): each version's default
 * build, and each option (`AUTH_LOCK`, `BOOTLOCK`, 8.2.3's PlatformIO profile) it can have,
 * alone and together. Derived from the table, so a version or option added there is tested.
 */
import { FIRMWARE_VERSIONS, type FirmwareBuild, firmwareProfile } from '@evse/core';

const flags = [false, true] as const;

export const ALL_BUILDS: readonly FirmwareBuild[] = FIRMWARE_VERSIONS.flatMap((firmware) => {
  const { options } = firmwareProfile({ firmware });
  const profiles =
    firmware === '8.2.3' ? (['arduino', 'platformio'] as const) : (['arduino'] as const);
  return profiles.flatMap((profile) =>
    flags.flatMap((authLock) =>
      flags.flatMap((bootLock) =>
        (authLock && !options.includes('AUTH_LOCK')) || (bootLock && !options.includes('BOOTLOCK'))
          ? []
          : [{ firmware, profile, authLock, bootLock }],
      ),
    ),
  );
});

/** A build in words, for test names: `8.2.3 platformio AUTH_LOCK BOOTLOCK`. */
export const buildName = (b: FirmwareBuild): string =>
  [
    b.firmware,
    b.profile === 'platformio' ? 'platformio' : '',
    b.authLock ? 'AUTH_LOCK' : '',
    b.bootLock ? 'BOOTLOCK' : '',
  ]
    .filter(Boolean)
    .join(' ');
