import type { AlertState } from '../../alerting/router/alert-state';

/** The console page of one alert's history. */
export const alertPath = (state: Pick<AlertState, 'org' | 'kind' | 'alertId'>): string =>
  `/alerts/${encodeURIComponent(state.org)}/${state.kind}/${encodeURIComponent(state.alertId)}`;

export const OrgOptions = (props: {
  name: string;
  orgs: readonly string[];
  selected: string | undefined;
}) => (
  <select id={`f-${props.name}`} name={props.name}>
    <option value="">every org</option>
    {props.orgs.map((org) => (
      <option value={org} selected={org === props.selected}>
        {org}
      </option>
    ))}
  </select>
);
