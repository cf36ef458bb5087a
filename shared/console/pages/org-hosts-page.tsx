import { raw } from 'hono/html';
import type { HostHit } from '../../fleet/host-hits';
import type { OrgRecord } from '../../orgs/org-record';
import { HostTable } from './hosts-page';
import { Layout } from './layout';
import type { PageContext } from './page-context';

/** One org's billable hosts over 90 days against its contract, and its hosts. */
export function OrgHostsPage(props: {
  ctx: PageContext;
  org: OrgRecord;
  chartSvg: string;
  hits: readonly HostHit[];
}) {
  return (
    <Layout ctx={props.ctx} title={`Hosts of ${props.org.displayName}`} active="/hosts">
      <h2>Billable hosts, last 90 days (JST)</h2>
      <div class="chart" data-testid="host-chart">
        {raw(props.chartSvg)}
      </div>
      <HostTable ctx={props.ctx} hits={props.hits} matched={props.hits.length} />
    </Layout>
  );
}
