import type { OrgRendering } from '../push/push-orgs';
import type { TemplateFolder } from './parse-template-folder';
import { renderOrg } from './render-org';
import { templateErrorText } from './template-error';

/** What the push needs from the templates for one org: its objects, or the errors as one line each. */
export function orgRenderingOf(
  folder: TemplateFolder,
  org: { name: string; displayName?: string },
): OrgRendering {
  const outcome = renderOrg(folder, org);
  if (!outcome.ok) return { ok: false, errors: outcome.errors.map(templateErrorText) };
  return { ok: true, skipped: outcome.skipped, monitors: outcome.monitors, downtimes: outcome.downtimes };
}
