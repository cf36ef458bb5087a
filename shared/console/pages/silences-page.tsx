import type { Silence } from '../../routing/silence-schema';
import { mayChangeSilences } from '../auth/console-role';
import { CSRF_FIELD } from '../auth/csrf-guard';
import { Layout } from './layout';
import type { PageContext } from './page-context';
import { SilenceTable } from './silence-table';

export interface SilenceFormState {
  values: Record<string, string>;
  problems: readonly string[];
}

const Field = (props: {
  name: string;
  label: string;
  values: Record<string, string>;
  placeholder?: string;
}) => (
  <label for={`s-${props.name}`}>
    {props.label}
    <input
      id={`s-${props.name}`}
      name={props.name}
      value={props.values[props.name] ?? ''}
      placeholder={props.placeholder}
    />
  </label>
);

function CreateForm(props: { ctx: PageContext; orgs: readonly string[]; form: SilenceFormState }) {
  const { values } = props.form;
  return (
    <form class="filters" method="post" action="/silences" data-testid="silence-form">
      <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrfToken} />
      <label for="s-org">
        Org
        <select id="s-org" name="org">
          {props.orgs.map((org) => (
            <option value={org} selected={org === values.org}>
              {org}
            </option>
          ))}
          <option value="*" selected={values.org === '*'}>
            * (every org)
          </option>
        </select>
      </label>
      <Field name="services" label="Services" values={values} placeholder="shop,blog" />
      <Field name="roles" label="Roles" values={values} placeholder="shop:web" />
      <Field name="host" label="Host glob" values={values} placeholder="web-*" />
      <Field name="monitor" label="Monitor glob" values={values} />
      <label for="s-minSeverity">
        Min severity
        <select id="s-minSeverity" name="minSeverity">
          <option value="">any</option>
          {['warning', 'critical'].map((s) => (
            <option value={s} selected={values.minSeverity === s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <Field name="starts" label="Starts" values={values} placeholder="now, or 2026-12-02T22:00" />
      <Field name="ends" label="Ends" values={values} placeholder="+2h, or 2026-12-03T06:00" />
      <Field name="comment" label="Reason" values={values} />
      <button type="submit">Create silence</button>
    </form>
  );
}

/** Silences: what mutes what, and for operators a form to create one and buttons to expire them. */
export function SilencesPage(props: {
  ctx: PageContext;
  silences: readonly Silence[];
  orgs: readonly string[];
  form: SilenceFormState;
  flash?: string;
}) {
  return (
    <Layout ctx={props.ctx} title="Silences" active="/silences">
      {props.flash ? <p class="flash">{props.flash}</p> : null}
      {props.form.problems.length > 0 ? (
        <ul class="problems" data-testid="problems">
          {props.form.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      {mayChangeSilences(props.ctx.role) ? (
        <CreateForm ctx={props.ctx} orgs={props.orgs} form={props.form} />
      ) : (
        <p class="muted">Viewers see silences; operators create and expire them.</p>
      )}
      <SilenceTable ctx={props.ctx} silences={props.silences} />
    </Layout>
  );
}
