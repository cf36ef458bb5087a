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

/** A filter's labelled select with an "any" choice first (its value empty: the parameter is left out). */
export const SelectFilter = (props: {
  name: string;
  label: string;
  options: readonly string[];
  selected: string | undefined;
}) => (
  <label for={`f-${props.name}`}>
    {props.label}
    <select id={`f-${props.name}`} name={props.name}>
      <option value="">any</option>
      {props.options.map((option) => (
        <option value={option} selected={option === props.selected}>
          {option}
        </option>
      ))}
    </select>
  </label>
);

export const OrgFilter = (props: { orgs: readonly string[]; selected: string | undefined }) => (
  <label for="f-org">
    Org <OrgOptions name="org" orgs={props.orgs} selected={props.selected} />
  </label>
);

/** Routing documents that did not parse, named as the router would log them. */
export const ConfigProblems = (props: {
  problems: readonly { path: string; issues: readonly string[] }[];
}) => (
  <>
    {props.problems.map((p) => (
      <p class="problem">
        {p.path}: {p.issues.join('; ')}
      </p>
    ))}
  </>
);
