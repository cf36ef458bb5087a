import type { Firestore } from '@google-cloud/firestore';
import { mapLimited } from '../../../kernel/map-limited';
import { firestoreProbeDefinitions } from '../../../probes/adapters/firestore-probe-definitions';
import { firestoreProbeHosts } from '../../../probes/adapters/firestore-probe-hosts';
import { firestoreProbeRounds } from '../../../probes/adapters/firestore-probe-rounds';
import type { ProbeReads } from '../probe-reads';

/** Host documents read at once: only orgs with a failure or a problem listed are read. */
const HOST_READS_IN_FLIGHT = 16;

/** The probe function's documents, read through its own adapters (the same schemas it writes with). */
export function firestoreProbeReads(db: Firestore): ProbeReads {
  const definitions = firestoreProbeDefinitions(db);
  const rounds = firestoreProbeRounds(db);
  const hosts = firestoreProbeHosts(db);
  return {
    probeDefinitions: () => definitions.list(),
    probeRounds: (orgs) => rounds.list(orgs),
    async probeHostNames(orgs) {
      const unique = [...new Set(orgs)];
      const records = await mapLimited(unique, HOST_READS_IN_FLIGHT, (org) => hosts.get(org));
      return new Map(
        unique.map((org, i) => [org, new Map((records[i]?.hosts ?? []).map((h) => [h.id, h.name]))]),
      );
    },
  };
}
