import {
  type CdnContract,
  type CdnContractDocument,
  cdnContractSchema,
} from '../../../shared/cdn/model/contract-schema';
import type { CdnContractStore, UnreadableContract } from '../../../shared/cdn/watch/cdn-watch-ports';

/** CDN contracts in memory; `unreadable` plays documents that do not parse. */
export class InMemoryCdnContracts implements CdnContractStore {
  readonly byId = new Map<string, CdnContract>();
  unreadable: UnreadableContract[] = [];
  constructor(...contracts: CdnContract[]) {
    for (const c of contracts) this.byId.set(c.id, c);
  }
  async listEnabled() {
    return { contracts: [...this.byId.values()].filter((c) => c.enabled), unreadable: this.unreadable };
  }
  async get(id: string) {
    return this.byId.get(id);
  }
  async put(document: CdnContractDocument) {
    const parsed = cdnContractSchema.parse(document);
    this.byId.set(parsed.id, parsed);
  }
}
