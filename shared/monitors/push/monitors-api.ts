import type { DowntimeSpec } from '../../mackerel/api/downtime-spec';
import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import type { MonitorSpec } from '../../mackerel/api/monitor-spec';
import type { ServerDowntime } from '../plan/downtime-plan';

/** One org's monitors and downtimes, as the push needs them; the Mackerel API client through that org's key. */
export interface MonitorsApi {
  listMonitors(): Promise<ApiMonitor[]>;
  createMonitor(spec: MonitorSpec): Promise<ApiMonitor>;
  updateMonitor(id: string, spec: MonitorSpec): Promise<unknown>;
  deleteMonitor(id: string): Promise<unknown>;
  listDowntimes(): Promise<ServerDowntime[]>;
  createDowntime(spec: DowntimeSpec): Promise<{ id: string }>;
  updateDowntime(id: string, spec: DowntimeSpec): Promise<unknown>;
  deleteDowntime(id: string): Promise<unknown>;
}
