import type { DedupMarker, DedupMarkers } from '../../../shared/alerting/router/router-ports';
import type { Faults } from './step-faults';

export class InMemoryMarkers implements DedupMarkers {
  readonly markers = new Map<string, DedupMarker>();
  constructor(private readonly faults: Faults) {}

  async isDone(org: string, key: string, now: Date) {
    this.faults.hit('markers.isDone', 'before');
    const marker = this.markers.get(`${org}__${key}`);
    this.faults.hit('markers.isDone', 'after');
    return marker !== undefined && marker.expiresAt.getTime() > now.getTime();
  }

  async markDone(marker: DedupMarker) {
    this.faults.hit('markers.markDone', 'before');
    this.markers.set(`${marker.org}__${marker.key}`, { ...marker });
    this.faults.hit('markers.markDone', 'after');
  }
}
