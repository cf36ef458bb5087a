import { raw } from 'hono/html';
import type { VolumeFigure } from '../../cdn/model/commit-finance';
import { jstText } from '../../kernel/time/jst-format';
import type { CdnContractView } from '../views/cdn-commit-view';
import { Layout } from './layout';
import type { PageContext } from './page-context';

const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });
const volume = (figure: VolumeFigure | null, unit: string) =>
  figure === null ? '-' : `${figure.amount} ${unit} (${figure.percent}%)`;

export interface CdnContractPanel {
  view: CdnContractView;
  chartSvg: string;
}

function ContractPanel(props: { panel: CdnContractPanel }) {
  const { contract, assessment, pastMonths } = props.panel.view;
  const { finance, usage, forecast, forecastHeldBack } = assessment;
  const unit = contract.committed.unit;
  return (
    <section class="contract" data-contract={contract.id}>
      <h2>
        {contract.displayName}{' '}
        <span class="muted">
          {contract.id} · {contract.provider}
        </span>
      </h2>
      <div class="chart" data-testid="cdn-chart">
        {raw(props.panel.chartSvg)}
      </div>
      <table class="facts">
        <tbody>
          <tr>
            <th>Commit</th>
            <td>
              {contract.committed.amount} {unit} in {usage.month} (JST)
            </td>
          </tr>
          <tr>
            <th>Month to date</th>
            <td>{volume(finance.actual, unit)}</td>
          </tr>
          <tr>
            <th>Projected month end</th>
            <td>
              P50 {volume(finance.p50, unit)}, P90 {volume(finance.p90, unit)}
              {forecast ? <span class="muted"> ({forecast.method})</span> : null}
              {forecastHeldBack ? <div class="muted">held back: {forecastHeldBack}</div> : null}
            </td>
          </tr>
          <tr>
            <th>Projected overage</th>
            <td data-testid="overage">
              P50 {finance.overageP50 ? yen.format(finance.overageP50.yen) : '-'}, P90{' '}
              {finance.overageP90 ? yen.format(finance.overageP90.yen) : '-'}
            </td>
          </tr>
          <tr>
            <th>Data complete to</th>
            <td>{jstText(usage.dataCompleteTo)}</td>
          </tr>
          <tr>
            <th>Past months</th>
            <td>
              {pastMonths.length === 0
                ? 'no complete month stored'
                : pastMonths
                    .map((m) => `${m.month}: ${m.amount} ${unit} (${m.percentOfCommit}%)`)
                    .join(' · ')}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export function CdnPage(props: { ctx: PageContext; panels: readonly CdnContractPanel[] }) {
  return (
    <Layout ctx={props.ctx} title="CDN commit" active="/cdn">
      {props.panels.length === 0 ? <p class="empty">No enabled CDN contract.</p> : null}
      {props.panels.map((panel) => (
        <ContractPanel panel={panel} />
      ))}
    </Layout>
  );
}
