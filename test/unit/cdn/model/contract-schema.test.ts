import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CdnContractDocument, cdnContractSchema } from '../../../../shared/cdn/model/contract-schema';

/** A document as the first release wrote it: only the fields without defaults. */
const minimal: CdnContractDocument = {
  id: 'acme-cdnext',
  displayName: 'ACME CDNext',
  provider: 'jstream',
  source: { kind: 'csv' },
  committed: { amount: 100, unit: 'TB' },
  monthlyFeeYen: 500_000,
  overage: { yenPerUnit: 8, unit: 'GB' },
  financeRecipients: { to: ['finance@msp.example'] },
};

describe('cdnContractSchema', () => {
  it('fills every later field with its default, so older documents parse', () => {
    const contract = cdnContractSchema.parse(minimal);
    assert.equal(contract.enabled, true);
    assert.equal(contract.language, 'ja');
    assert.equal(contract.lagMinutes, 60);
    assert.equal(contract.graceDays, 5);
    assert.equal(contract.memo, '');
    assert.deepEqual(contract.financeRecipients.cc, []);
    assert.deepEqual(contract.thresholds, {
      earlyWarning: true,
      yenBands: [],
      confirmRuns: 2,
      clearMarginPercent: 5,
    });
    assert.deepEqual(contract.source, {
      kind: 'csv',
      mapping: { timestampColumn: 'hour_start_utc', bytesColumn: 'bytes', unit: 'B', timeZone: 'UTC' },
    });
  });

  it('keeps given thresholds and orders yen bands', () => {
    const contract = cdnContractSchema.parse({
      ...minimal,
      thresholds: { earlyWarning: false, yenBands: [500_000, 100_000, 500_000] },
    });
    assert.equal(contract.thresholds.earlyWarning, false);
    assert.deepEqual(contract.thresholds.yenBands, [100_000, 500_000]);
    assert.equal(contract.thresholds.confirmRuns, 2);
  });

  it('parses each polled source kind with its own defaults', () => {
    const fastly = cdnContractSchema.parse({
      ...minimal,
      source: { kind: 'fastly', serviceId: 'SU1Z0isxPaozGVKXdv0eY', tokenSecret: 'cdn-fastly-token' },
    });
    assert.deepEqual(fastly.source, {
      kind: 'fastly',
      serviceId: 'SU1Z0isxPaozGVKXdv0eY',
      tokenSecret: 'cdn-fastly-token',
      egress: 'edge-response',
    });
    const cloudflare = cdnContractSchema.parse({
      ...minimal,
      source: {
        kind: 'cloudflare',
        zoneTag: '023e105f4ecef8ad9ca31a8372d0c353',
        tokenSecret: 'cdn-cf-token',
      },
    });
    assert.equal(cloudflare.source.kind, 'cloudflare');
  });

  it('rejects a bad id, an unknown source kind, a token in place of a secret name and a unit it cannot bill', () => {
    const bad = [
      { ...minimal, id: 'ACME CDN' },
      { ...minimal, source: { kind: 'akamai' } },
      { ...minimal, source: { kind: 'fastly', serviceId: 'abc', tokenSecret: 'not a secret name!' } },
      { ...minimal, committed: { amount: 100, unit: 'MB' } },
      { ...minimal, financeRecipients: { to: [] } },
    ];
    for (const doc of bad) assert.equal(cdnContractSchema.safeParse(doc).success, false, JSON.stringify(doc));
  });
});
