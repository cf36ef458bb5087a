import { Document, isScalar, visit } from 'yaml';
import type { MonitorSpec } from '../shared/mackerel/api/monitor-spec';
import type { ProbeDefinition } from '../shared/probes/probe-definition';
import { probeMonitors } from '../shared/probes/probe-monitors';

/** The set the org's probe monitors go in; also its label, so only an org file naming it gets the set. */
export const probesSetName = (org: string): string => `probes-${org}`;

export interface ProbesSet {
  set: string;
  file: string;
  monitors: MonitorSpec[];
  yaml: string;
}

/**
 * The host metric monitors for an org's probes as a monitors/ set file. The set carries a label of its
 * own name: a set without labels would go to every org, and these metrics are this org's only.
 */
export function probesSet(org: string, probes: readonly ProbeDefinition[]): ProbesSet {
  const set = probesSetName(org);
  const file = `monitors/sets/${set}.yaml`;
  const monitors = probes.flatMap(probeMonitors);
  const body = {
    set,
    description: `Alerts on the external probes of org ${org} (msp-ops probes monitors --org ${org}).`,
    labels: [set],
    monitors,
  };
  // A probe's monitors share one scopes list: written out each time, not as a YAML anchor and alias.
  const document = new Document(body, { aliasDuplicateObjects: false });
  document.commentBefore = [
    ` Save as ${file} and add the label ${set} to monitors/orgs/${org}.yaml (labels: [..., ${set}]),`,
    ` then \`msp-ops monitors push --org ${org}\` creates these monitors. Generated from the probes stored`,
    ' for the org: run this again after `msp-ops probes set` adds, removes or renames probes.',
  ].join('\n');
  visit(document, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  return { set, file, monitors, yaml: document.toString({ lineWidth: 0, flowCollectionPadding: false }) };
}
