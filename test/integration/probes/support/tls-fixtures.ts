import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensslAvailable } from '../../../../local/probes/self-signed-cert';

export interface KeyPair {
  key: string;
  cert: string;
  /** notAfter as epoch seconds, read independently of the probe (node:crypto's parser). */
  notAfter: number;
}

export interface TestCertificates {
  /** CN/SAN probe.test and 127.0.0.1, valid 30 days. */
  valid: KeyPair;
  /** Same names, a different key: as a trust anchor it is "an unknown CA" for `valid`. */
  other: KeyPair;
  /** Same names, valid only in January 2020. */
  expired: KeyPair;
}

const SUBJECT = ['-subj', '/CN=probe.test', '-addext', 'subjectAltName=DNS:probe.test,IP:127.0.0.1'];
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** `req -x509` cannot backdate, so the expired one is self-signed through `openssl ca` with explicit dates. */
const CA_CONFIG = `[ca]
default_ca = d
[d]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
copy_extensions = copy
[p]
commonName = supplied
`;

/** Generated fresh with the openssl CLI; undefined when it is not installed (the caller skips). */
export function makeCertificates(): TestCertificates | undefined {
  if (!opensslAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'probe-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const pair = (name: string): KeyPair => {
    const cert = readFileSync(join(dir, `${name}.crt`), 'utf8');
    const notAfter = Date.parse(new X509Certificate(cert).validTo) / 1000;
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert, notAfter };
  };
  try {
    for (const name of ['valid', 'other']) {
      openssl(
        'req',
        '-x509',
        ...NEW_KEY,
        '-days',
        '30',
        ...SUBJECT,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
      );
    }
    writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    openssl('req', '-new', ...NEW_KEY, ...SUBJECT, '-keyout', 'expired.key', '-out', 'expired.csr');
    openssl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-selfsign',
      '-keyfile',
      'expired.key',
      '-in',
      'expired.csr',
      '-out',
      'expired.crt',
      '-notext',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
    );
    return { valid: pair('valid'), other: pair('other'), expired: pair('expired') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
