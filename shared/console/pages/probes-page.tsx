import { jstDateTime } from '../../kernel/time/jst-format';
import { MAX_LISTED } from '../../probes/probe-round-record';
import {
  type NotProbed,
  type OrgRoundRow,
  PROBE_ROWS_SHOWN,
  type ProbeFilters,
  type ProbesView,
} from '../views/probes-view';
import { Layout } from './layout';
import { mackerelHostUrl } from './links';
import type { PageContext } from './page-context';
import { OrgFilter } from './page-parts';

const NOT_PROBED: Record<NotProbed, string> = {
  'org-disabled': 'not probed: the org is disabled',
  'no-enabled-probe': 'not probed: every probe of the org is disabled',
  'no-probes-stored': 'not probed: no probes stored (this record is from before)',
  'no-such-org': 'not probed: no such org (a record left behind)',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A table cut at PROBE_ROWS_SHOWN says so, and how to see the rest. */
const Truncated = (props: { total: number; what: string; testid: string; filtered: boolean }) =>
  props.total > PROBE_ROWS_SHOWN ? (
    <p class="notice" data-testid={props.testid}>
      Showing the first {PROBE_ROWS_SHOWN} of {props.total} {props.what}
      {props.filtered ? '.' : ': pick an org to see all of its own.'}
    </p>
  ) : null;

const Figure = (props: { value: number; label: string; testid: string; alarm?: 'bad' | 'warn' }) => (
  <span
    class={props.alarm && props.value > 0 ? `figure figure-${props.alarm}` : 'figure'}
    data-testid={props.testid}
  >
    <b>{props.value}</b> {props.label}
  </span>
);

function Summary(props: { view: ProbesView }) {
  const s = props.view.summary;
  return (
    <p class="probe-summary" data-testid="probe-summary">
      <Figure
        value={s.orgsProbed}
        label={s.orgsProbed === 1 ? 'org probed' : 'orgs probed'}
        testid="orgs-probed"
      />
      <Figure value={s.targets} label={s.targets === 1 ? 'target' : 'targets'} testid="targets" />
      <Figure value={s.ok} label="ok" testid="ok" />
      <Figure value={s.failed} label="failing" testid="failing" alarm="bad" />
      <Figure
        value={s.buffered}
        label={`buffered ${s.buffered === 1 ? 'point' : 'points'} waiting for Mackerel`}
        testid="buffered"
        alarm="warn"
      />
      <Figure
        value={s.chunksBehind}
        label={`${s.chunksBehind === 1 ? 'chunk' : 'chunks'} behind (no record in the last 2 minutes)`}
        testid="chunks-behind"
        alarm="warn"
      />
    </p>
  );
}

const HostCell = (props: { ctx: PageContext; org: string; hostId: string; hostName: string | undefined }) => (
  <td class="wrap">
    <a href={mackerelHostUrl(props.ctx.mackerelBaseUrl, props.org, props.hostId)}>
      {props.hostName ?? props.hostId}
    </a>
    {props.hostName !== undefined ? <span class="muted"> {props.hostId}</span> : null}
  </td>
);

const Head = (props: { columns: readonly string[] }) => (
  <thead>
    <tr>
      {props.columns.map((c) => (
        <th>{c}</th>
      ))}
    </tr>
  </thead>
);

/** A URL may wrap after each `/` rather than anywhere in a word. */
const Breakable = (props: { text: string }) => (
  <>
    {props.text.split(/(?<=\/)/).map((part, i) => (
      <>
        {i > 0 ? <wbr /> : null}
        {part}
      </>
    ))}
  </>
);

const OrgCell = (props: { org: string }) => (
  <td>
    <a href={`/orgs/${props.org}`}>{props.org}</a>
  </td>
);

function ProbeTable(props: { view: ProbesView; org: string | undefined }) {
  if (props.view.probes.length === 0) {
    return (
      <p class="empty" data-testid="probes-empty">
        No probes defined{props.org ? ` for ${props.org}` : ''}: define them with{' '}
        <code>msp-ops probes set --org {props.org ?? '<org>'} --file probes.yaml</code>
      </p>
    );
  }
  return (
    <>
      <table class="probes" data-testid="probes">
        <Head columns={['Org', 'Probe', 'Kind', 'Checks', 'Targets', 'Enabled']} />
        <tbody>
          {props.view.probes.slice(0, PROBE_ROWS_SHOWN).map((row) => (
            <tr data-org={row.org} data-probe={row.probe.id} data-enabled={String(row.probe.enabled)}>
              <OrgCell org={row.org} />
              <td class="nowrap">{row.probe.id}</td>
              <td>{row.probe.kind}</td>
              <td class="wrap">
                <code>
                  <Breakable text={row.checks} />
                </code>
              </td>
              <td class="wrap">{row.targets}</td>
              <td>{row.probe.enabled ? 'yes' : <span class="muted">no</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Truncated
        total={props.view.probes.length}
        what="probes"
        testid="probes-truncated"
        filtered={props.org !== undefined}
      />
    </>
  );
}

const RoundTime = (props: { at: number | null }) => (
  <span class="nowrap">{props.at === null ? '-' : jstDateTime(props.at)}</span>
);

function RoundCell(props: { row: OrgRoundRow }) {
  const { row } = props;
  if (row.notProbed !== null) {
    return (
      <td>
        <RoundTime at={row.roundAt} />
        <div class="muted">{NOT_PROBED[row.notProbed]}</div>
      </td>
    );
  }
  return (
    <td>
      {row.roundAt === null ? (
        <span class="muted">no round recorded yet (the probe function records one each minute)</span>
      ) : (
        <RoundTime at={row.roundAt} />
      )}
      {row.chunks > 1 ? <span class="muted nowrap"> {row.chunks} chunks</span> : null}
      {row.behind > 0 ? (
        <span class="tag tag-behind">
          {row.chunks > 1 ? `${row.behind} of ${row.chunks} chunks behind` : 'behind'}
        </span>
      ) : null}
    </td>
  );
}

/** What went wrong posting the org's points: the chunks' errors, and points refused or given up on. */
const postNotes = (row: OrgRoundRow): string[] => [
  ...row.postErrors,
  ...(row.rejectedPoints > 0 ? [`${plural(row.rejectedPoints, 'point')} refused by Mackerel`] : []),
  ...(row.droppedPoints > 0 ? [`${plural(row.droppedPoints, 'older point')} given up on`] : []),
];

function RoundRows(props: { row: OrgRoundRow }) {
  const { row } = props;
  const notes = postNotes(row);
  return (
    <>
      <tr
        data-org={row.org}
        data-behind={String(row.behind)}
        class={notes.length > 0 ? 'has-note' : undefined}
      >
        <OrgCell org={row.org} />
        <RoundCell row={row} />
        <td class="num">{row.targets}</td>
        <td class="num">{row.ok}</td>
        <td class={row.failed > 0 ? 'num bad' : 'num'}>{row.failed}</td>
        <td class={row.buffered > 0 ? 'num warn' : 'num'}>{row.buffered}</td>
      </tr>
      {notes.length > 0 ? (
        <tr class="round-note" data-post-error-of={row.org}>
          <td colspan={6} class="wrap">
            Post error: {notes.join('; ')}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function RoundTable(props: { view: ProbesView }) {
  if (props.view.rounds.length === 0) {
    return (
      <p class="empty" data-testid="probe-rounds-empty">
        No round recorded: an org is probed once it has an enabled probe.
      </p>
    );
  }
  return (
    <table class="probe-rounds" data-testid="probe-rounds">
      <thead>
        <tr>
          <th>Org</th>
          <th>Last round (JST)</th>
          <th class="num">Targets</th>
          <th class="num">OK</th>
          <th class="num">Failed</th>
          <th class="num">Buffered</th>
        </tr>
      </thead>
      <tbody>
        {props.view.rounds.map((row) => (
          <RoundRows row={row} />
        ))}
      </tbody>
    </table>
  );
}

function failuresEmpty(view: ProbesView): string {
  if (view.summary.orgsProbed === 0) return 'Nothing is probed, so nothing fails.';
  if (view.rounds.every((r) => r.notProbed !== null || r.roundAt === null)) {
    return 'No round recorded yet: the probe function runs every minute.';
  }
  return 'No probe is failing: every target answered as expected in its last round.';
}

const Unlisted = (props: { count: number; what: string; testid: string }) =>
  props.count > 0 ? (
    <p class="muted" data-testid={props.testid}>
      {plural(props.count, `more ${props.what}`)} not listed: a round record keeps the first {MAX_LISTED} of
      each chunk.
    </p>
  ) : null;

function FailureTable(props: { ctx: PageContext; view: ProbesView; filtered: boolean }) {
  const { failures } = props.view;
  if (failures.length === 0 && props.view.unlistedFailures === 0) {
    return (
      <p class="empty" data-testid="probe-failures-empty">
        {failuresEmpty(props.view)}
      </p>
    );
  }
  return (
    <>
      <table class="failures" data-testid="probe-failures">
        <Head columns={['Org', 'Probe', 'Host', 'Kind', 'Message']} />
        <tbody>
          {failures.slice(0, PROBE_ROWS_SHOWN).map((f) => (
            <tr data-org={f.org} data-probe={f.probeId} data-host={f.hostId} data-kind={f.kind}>
              <OrgCell org={f.org} />
              <td class="nowrap">{f.probeId}</td>
              <HostCell ctx={props.ctx} org={f.org} hostId={f.hostId} hostName={f.hostName} />
              <td>
                <span class="tag tag-fail">{f.kind}</span>
              </td>
              <td class="wrap">{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Truncated
        total={failures.length}
        what="failures"
        testid="probe-failures-truncated"
        filtered={props.filtered}
      />
      <Unlisted count={props.view.unlistedFailures} what="failure" testid="probe-failures-unlisted" />
    </>
  );
}

function ProblemTable(props: { ctx: PageContext; view: ProbesView; filtered: boolean }) {
  const { problems } = props.view;
  if (problems.length === 0 && props.view.unlistedProblems === 0) {
    return (
      <p class="empty" data-testid="probe-problems-empty">
        {props.view.summary.orgsProbed === 0
          ? 'Nothing is probed, so no definition was checked.'
          : 'No definition needs attention: every listed host exists and every template rendered.'}
      </p>
    );
  }
  return (
    <>
      <table class="problems-table" data-testid="probe-problems">
        <Head columns={['Org', 'Probe', 'Host', 'Problem', 'Field', 'Message']} />
        <tbody>
          {problems.slice(0, PROBE_ROWS_SHOWN).map((p) => (
            <tr data-org={p.org} data-probe={p.probeId} data-host={p.hostId} data-kind={p.kind}>
              <OrgCell org={p.org} />
              <td class="nowrap">{p.probeId}</td>
              <HostCell ctx={props.ctx} org={p.org} hostId={p.hostId} hostName={p.hostName} />
              <td>{p.kind}</td>
              <td>{p.field ?? '-'}</td>
              <td class="wrap">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Truncated
        total={problems.length}
        what="problems"
        testid="probe-problems-truncated"
        filtered={props.filtered}
      />
      <Unlisted count={props.view.unlistedProblems} what="problem" testid="probe-problems-unlisted" />
    </>
  );
}

/** External probes across orgs: what is defined, each org's last round, what fails and what needs editing. */
export function ProbesPage(props: {
  ctx: PageContext;
  filters: ProbeFilters;
  orgs: readonly string[];
  view: ProbesView;
}) {
  const { view, filters } = props;
  return (
    <Layout ctx={props.ctx} title="Probes" active="/probes">
      <form class="filters" method="get" action="/probes">
        <OrgFilter orgs={props.orgs} selected={filters.org} />
        <button type="submit">Filter</button>
      </form>
      <Summary view={view} />
      <div class="probe-grid">
        <section>
          <h2>Probes ({view.probes.length})</h2>
          <ProbeTable view={view} org={filters.org} />
        </section>
        <section>
          <h2>Last round per org</h2>
          <RoundTable view={view} />
        </section>
      </div>
      <h2>Failing now ({view.failures.length + view.unlistedFailures})</h2>
      <FailureTable ctx={props.ctx} view={view} filtered={filters.org !== undefined} />
      <h2>Definitions need attention ({view.problems.length + view.unlistedProblems})</h2>
      <ProblemTable ctx={props.ctx} view={view} filtered={filters.org !== undefined} />
    </Layout>
  );
}
