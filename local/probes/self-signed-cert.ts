import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  key: string;
  cert: string;
  /** The certificate's PEM file: it is its own CA, so this works as NODE_EXTRA_CA_CERTS or `ca`. */
  certPath: string;
  /** notAfter as epoch seconds (node:crypto's reading, independent of any probe's). */
  notAfter: number;
  /** Deletes the temp dir holding the cert. */
  remove(): void;
}

export const STANDIN_CERT_NAME = 'probe.local';

/** Generation shells out to the openssl CLI; without it the stand-in serves no HTTPS. */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh P-256 key and a self-signed cert for CN probe.local, SAN IP:127.0.0.1 and DNS:probe.local,
 * valid `days` from now; undefined when openssl is missing.
 */
export function generateSelfSignedCert(days: number): SelfSignedCert | undefined {
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`certDays must be a positive integer, got ${days}`);
  if (!opensslAvailable()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'probe-standin-cert-'));
  const keyPath = join(dir, 'standin.key');
  const certPath = join(dir, 'standin.crt');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        String(days),
        '-subj',
        `/CN=${STANDIN_CERT_NAME}`,
        '-addext',
        `subjectAltName=IP:127.0.0.1,DNS:${STANDIN_CERT_NAME}`,
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    );
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    // Only the cert is needed on disk (as a CA file); the key lives in memory.
    rmSync(keyPath);
    return {
      key,
      cert,
      certPath,
      notAfter: Date.parse(new X509Certificate(cert).validTo) / 1000,
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
