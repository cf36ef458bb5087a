import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpProbeTarget, httpProbe } from '../../../shared/probes/adapters/http-probe';
import { type RunningServer, startHttpServer } from './support/servers';
import { countingGate } from './support/test-gate';
import { makeCertificates } from './support/tls-fixtures';

const certs = makeCertificates();
const skip = certs
  ? false
  : 'openssl CLI not found: cannot generate the test certificates, HTTPS probes untested';

describe('httpProbe over HTTPS', { skip }, () => {
  let valid: RunningServer;
  let expired: RunningServer;

  before(async () => {
    if (!certs) return;
    const answer = (path: string | undefined) => (path === '/fail' ? 500 : 200);
    valid = await startHttpServer(
      (req, res) => res.writeHead(answer(req.url)).end('secure hello'),
      certs.valid,
    );
    expired = await startHttpServer((_req, res) => res.end('stale'), certs.expired);
  });

  after(async () => {
    await valid?.close();
    await expired?.close();
  });

  const target = (server: RunningServer, extra: Partial<HttpProbeTarget> = {}): HttpProbeTarget => ({
    probeId: 'tls1',
    hostId: 'h1',
    url: `https://probe.test:${server.port}/`,
    method: 'GET',
    expectStatus: (code) => code === 200,
    followRedirects: 0,
    timeoutMs: 2000,
    tls: { ca: certs?.valid.cert },
    ...extra,
  });

  it("is ok against a trusted certificate and records the leaf's notAfter; SNI and Host are the URL name", async () => {
    valid.requests.length = 0;
    const result = await httpProbe(target(valid, { bodyRegex: /secure/ }), countingGate());
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.ok(Math.abs((result.tlsNotAfter ?? 0) - (certs?.valid.notAfter ?? -1)) <= 1);
    assert.equal(result.address, '127.0.0.1');
    assert.equal(valid.requests[0]?.servername, 'probe.test');
    assert.equal(valid.requests[0]?.host, `probe.test:${valid.port}`);
  });

  it('keeps tlsNotAfter when the status check fails', async () => {
    const result = await httpProbe(
      target(valid, { url: `https://probe.test:${valid.port}/fail` }),
      countingGate(),
    );
    assert.equal(result.failure?.kind, 'status');
    assert.ok(Math.abs((result.tlsNotAfter ?? 0) - (certs?.valid.notAfter ?? -1)) <= 1);
  });

  it('an expired certificate is a tls failure naming the OpenSSL code', async () => {
    const result = await httpProbe(target(expired, { tls: { ca: certs?.expired.cert } }), countingGate());
    assert.equal(result.failure?.kind, 'tls');
    assert.match(result.failure?.message ?? '', /CERT_HAS_EXPIRED/);
    assert.equal(expired.requests.length, 0, 'the request was sent over an unverified connection');
  });

  it('a certificate from an unknown CA is a tls failure', async () => {
    const result = await httpProbe(target(valid, { tls: { ca: certs?.other.cert } }), countingGate());
    assert.equal(result.failure?.kind, 'tls');
    assert.match(result.failure?.message ?? '', /^[A-Z_]+: /);
  });

  it('a certificate for another name is a tls failure', async () => {
    const { gate } = countingGate({ 'other.test': ['127.0.0.1'] });
    const result = await httpProbe(target(valid, { url: `https://other.test:${valid.port}/` }), { gate });
    assert.equal(result.failure?.kind, 'tls');
    assert.match(result.failure?.message ?? '', /ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it('an IP-literal URL is verified against the IP SAN', async () => {
    const result = await httpProbe(
      target(valid, { url: `https://127.0.0.1:${valid.port}/` }),
      countingGate(),
    );
    assert.equal(result.ok, true, JSON.stringify(result.failure));
  });

  it('plain HTTP spoken to a TLS port is not mistaken for a TLS failure', async () => {
    const result = await httpProbe(
      target(valid, { url: `http://probe.test:${valid.port}/` }),
      countingGate(),
    );
    assert.equal(result.ok, false);
    assert.notEqual(result.failure?.kind, 'tls');
  });
});
