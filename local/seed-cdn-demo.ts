import type { Firestore } from '@google-cloud/firestore';
import { firestoreCdnContracts } from '../shared/cdn/adapters/firestore-cdn-contracts';

export const DEMO_CDN_CONTRACT = 'demo-cdn';
/**
 * Any service id gets seeded diurnal traffic from the CDN stand-in (local/cdn/traffic-book.ts); with the
 * local stack's seed this one delivers about 63 TB a month, so the 50 TB commit below is crossed.
 */
export const DEMO_CDN_SERVICE_ID = 'demoCdnService';

/**
 * A CDN commit contract on the stand-in's Fastly API, token in the local Secret Manager (`cdn-fastly-token`).
 * Its first poll back-fills eight weeks of history, so forecasts and the finance mail come at once.
 */
export async function seedCdnDemo(db: Firestore): Promise<void> {
  await firestoreCdnContracts(db).put({
    id: DEMO_CDN_CONTRACT,
    displayName: 'Demo CDN (Fastly stand-in)',
    provider: 'fastly',
    source: { kind: 'fastly', serviceId: DEMO_CDN_SERVICE_ID, tokenSecret: 'cdn-fastly-token' },
    lagMinutes: 60,
    committed: { amount: 50, unit: 'TB' },
    monthlyFeeYen: 1_200_000,
    overage: { yenPerUnit: 30, unit: 'GB' },
    financeRecipients: { to: ['finance@msp.example'] },
    language: 'ja',
    // One run confirms a crossing, so the demo mails at the first scheduled poll (production keeps 2).
    thresholds: { yenBands: [300_000], confirmRuns: 1 },
    memo: 'Seeded by the local stack.',
  });
}
