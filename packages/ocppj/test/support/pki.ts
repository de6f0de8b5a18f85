/**
 * A throw-away PKI made with the openssl CLI (Debian package `openssl`, .ci/apt-packages):
 * a CA, a server certificate for 127.0.0.1/localhost and a client certificate, both signed by
 * the CA, plus a second CA nobody trusts. Test-only; the files live in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  readonly ca: string;
  readonly otherCa: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A client certificate signed by the other CA. */
  readonly strangerCert: string;
  readonly strangerKey: string;
  cleanup(): void;
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'ocppj-pki-'));
  const f = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const makeCa = (name: string): void =>
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    );
  const issue = (name: string, ca: string, subject: string, ext: string): void => {
    ssl('req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subject);
    writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f(`${ca}.pem`),
      '-CAkey',
      f(`${ca}.key`),
      '-CAcreateserial',
      '-out',
      f(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
    );
  };
  makeCa('test-ca');
  makeCa('other-ca');
  issue(
    'server',
    'test-ca',
    '/CN=localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  issue('client', 'test-ca', '/CN=CP-1', 'extendedKeyUsage=clientAuth\n');
  issue('stranger', 'other-ca', '/CN=CP-1', 'extendedKeyUsage=clientAuth\n');
  const read = (name: string): string => readFileSync(f(name), 'utf8');
  return {
    ca: read('test-ca.pem'),
    otherCa: read('other-ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    strangerCert: read('stranger.pem'),
    strangerKey: read('stranger.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
