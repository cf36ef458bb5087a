import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import type { CommitAlertState } from '../model/commit-alert-state';
import type { CdnContract, CdnContractDocument } from '../model/contract-schema';
import type { UsageRange, UsageSource } from '../sources/usage-source';
import type { PolledSourceConfig } from '../sources/usage-source-config';
import type { StoredHour } from './stored-hour';

/** A contract document this code cannot read: named in the fan-out's log, never polled as it stands. */
export interface UnreadableContract {
  id: string;
  problem: string;
}

/** cdnContracts/{id}. */
export interface CdnContractStore {
  listEnabled(): Promise<{ contracts: CdnContract[]; unreadable: UnreadableContract[] }>;
  /** Undefined when there is no such document; throws when there is one that does not parse. */
  get(id: string): Promise<CdnContract | undefined>;
  put(contract: CdnContractDocument): Promise<void>;
}

/** cdnContracts/{id}/hours/{hourStartUtc}: one document per (contract, hour), replaced on every fetch. */
export interface CdnHourStore {
  upsert(contractId: string, hours: readonly StoredHour[]): Promise<void>;
  /** Hours starting in [from, to), oldest first. */
  read(contractId: string, range: UsageRange): Promise<StoredHour[]>;
}

/** cdnContracts/{id}/alertStates/{month}_{kind}_{band}: one per (contract, JST month, kind, band). */
export interface CdnAlertStateStore {
  list(contractId: string, month: string): Promise<CommitAlertState[]>;
  put(states: readonly CommitAlertState[]): Promise<void>;
}

export interface CdnWatchDeps {
  contracts: CdnContractStore;
  hours: CdnHourStore;
  alertStates: CdnAlertStateStore;
  /** The adapter for a polled source (CSV contracts are import-only and never get here). */
  sourceFor(config: PolledSourceConfig): UsageSource;
  publisher: MessagePublisher;
  logger: Logger;
  now?: () => Date;
}

export interface CdnWatchSettings {
  trailingWindowHours: number;
}

/** Where a push came from: outputs carry its correlation id; times it leaves out default to requestedAt. */
export interface CdnPollContext {
  correlationId: string;
  /** The message's publish time, which a redelivery keeps. */
  requestedAt: Date;
}
