import { Document, isScalar, isSeq, visit } from 'yaml';
import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import { hasPlaceholder } from './placeholders';
import {
  type ApiDowntimeLike,
  downtimeEntry,
  type Fields,
  isMonitorType,
  monitorEntry,
} from './pulled-entries';

export type { ApiDowntimeLike } from './pulled-entries';

/** A comment to put beside one node of the document. */
interface Note {
  path: (string | number)[];
  text: string;
}

const UNNAMED_NOTE =
  ' unnamed on the server: name it so there too before a push, or the push makes a second monitor';

/** Names for unnamed monitors (`connectivity`, then `connectivity 2`...), clear of the named ones. */
function nameAllocator(monitors: readonly ApiMonitor[]): (type: string) => string {
  const taken = new Set(monitors.flatMap((m) => (m.name ? [m.name] : [])));
  return (type) => {
    let name = type;
    for (let n = 2; taken.has(name); n++) name = `${type} ${n}`;
    taken.add(name);
    return name;
  };
}

const stringsIn = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  return value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];
};

const idsOf = (scopes: unknown): string[] => (Array.isArray(scopes) ? scopes.map(String) : []);

function headerOf(org: string, skipped: readonly ApiMonitor[], placeholderLike: boolean): string {
  const lines = [
    ` Pulled from Mackerel org ${org} by \`msp-ops monitors pull\`: save as monitors/sets/pulled-${org}.yaml`,
    ' (a set is named as its file) or move the entries into your own sets.',
    ' Left out: server ids, keys at the API default, our managed marker. Downtime times are Japan time.',
  ];
  if (skipped.length > 0) {
    const types = [...new Set(skipped.map((m) => m.type))].join(', ');
    lines.push(` Also left out: ${skipped.length} monitor(s) of a type this tool does not know (${types}).`);
  }
  if (placeholderLike) {
    lines.push(
      ' Some text holds {{ params.* }} or {{ org.* }}: a template renders it as a placeholder, check it.',
    );
  }
  return lines.join('\n');
}

/** `scopes: [shop, "shop: web"]`, as a person writes short lists; lists of maps stay in blocks. */
function flowScalarLists(document: Document): void {
  visit(document, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
}

function annotate(document: Document, notes: readonly Note[]): void {
  for (const note of notes) {
    const node = document.getIn(note.path, true);
    if (isScalar(node) || isSeq(node)) node.comment = note.text;
  }
}

/**
 * What `msp-ops monitors pull --org X` prints: the org's monitors and downtimes as one set file, so an org
 * set up by hand becomes templates without retyping. Pushed back unchanged, it changes only the memos
 * (they gain `[msp-ops managed: pulled-<org>]`) and the names given to unnamed monitors.
 */
export function pulledSetYaml(
  org: string,
  monitors: readonly ApiMonitor[],
  downtimes: readonly ApiDowntimeLike[],
  monitorNameById: ReadonlyMap<string, string>,
): string {
  const allocate = nameAllocator(monitors);
  const notes: Note[] = [];
  const names = new Map(monitorNameById);
  const entries: Fields[] = [];
  const skipped: ApiMonitor[] = [];
  for (const monitor of monitors) {
    if (!isMonitorType(monitor.type)) {
      skipped.push(monitor);
      continue;
    }
    const name = monitor.name || allocate(monitor.type);
    if (!monitor.name) notes.push({ path: ['monitors', entries.length, 'name'], text: UNNAMED_NOTE });
    names.set(monitor.id, name);
    entries.push(monitorEntry(monitor, monitor.type, name));
  }
  const nameOf = (id: string) => names.get(id) ?? id;
  const downtimeEntries = downtimes.map((downtime, index) => {
    const ids = [...idsOf(downtime.monitorScopes), ...idsOf(downtime.monitorExcludeScopes)];
    const unknown = ids.filter((id) => !names.has(id));
    if (unknown.length > 0) {
      notes.push({
        path: ['downtimes', index, 'name'],
        text: ` names monitor ids the server did not list: ${unknown.join(', ')}`,
      });
    }
    return downtimeEntry(downtime, nameOf);
  });
  const body = {
    set: `pulled-${org}`,
    description: `pulled from ${org}`,
    labels: [],
    monitors: entries,
    downtimes: downtimeEntries,
  };
  const document = new Document(body);
  document.commentBefore = headerOf(org, skipped, stringsIn(body).some(hasPlaceholder));
  flowScalarLists(document);
  annotate(document, notes);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
