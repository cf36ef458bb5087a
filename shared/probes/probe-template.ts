import ipaddr from 'ipaddr.js';
import type { ProbeHost } from './probe-host';

/**
 * Probe templates: `{{host.name}}`, `{{host.id}}`, `{{host.customIdentifier}}`, `{{host.ipv4}}` and
 * `{{host.ipv6}}` (the first usable address of any interface), `{{host.ipv4.<interface>}}` and
 * `{{host.ipv6.<interface>}}`. Every `{{ ... }}` is ours: an unknown one is refused when the definition
 * is parsed, not sent to a customer's server as text.
 */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const HOST_FIELDS = ['name', 'id', 'customIdentifier'] as const;
type HostField = (typeof HOST_FIELDS)[number];
const isHostField = (text: string): text is HostField => (HOST_FIELDS as readonly string[]).includes(text);

type Family = 'ipv4' | 'ipv6';
type Placeholder = { field: HostField } | { family: Family; interfaceName: string | null };

const KNOWN =
  '{{host.name}}, {{host.id}}, {{host.customIdentifier}}, {{host.ipv4}}, {{host.ipv4.<interface>}}, ' +
  '{{host.ipv6}}, {{host.ipv6.<interface>}}';

function placeholderOf(expression: string): Placeholder | null {
  const field = /^host\.(\w+)$/.exec(expression)?.[1];
  if (field !== undefined && isHostField(field)) return { field };
  const address = /^host\.(ipv4|ipv6)(?:\.(.+))?$/.exec(expression);
  if (address?.[1] !== 'ipv4' && address?.[1] !== 'ipv6') return null;
  return { family: address[1], interfaceName: address[2]?.trim() || null };
}

/** What is wrong with a template's placeholders; empty when every one is known. */
export function placeholderProblems(template: string): string[] {
  const problems = [...template.matchAll(PLACEHOLDER)]
    .filter((m) => placeholderOf(m[1] ?? '') === null)
    .map((m) => `unknown placeholder "${m[0]}" (there are ${KNOWN})`);
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced "{{" or "}}"');
  return problems;
}

/** The whole text is one address placeholder (a DNS resolver may be the host itself). */
export const isAddressPlaceholder = (text: string): boolean => {
  const whole = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(text);
  const placeholder = whole ? placeholderOf(whole[1] ?? '') : null;
  return placeholder !== null && 'family' in placeholder;
};

export interface TemplateProblem {
  placeholder: string;
  hostId: string;
  hostName: string;
  message: string;
}

export type RenderOutcome = { ok: true; text: string } | { ok: false; problem: TemplateProblem };

/** Loopback and link-local addresses answer on the host itself, never from outside. */
function usable(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.parse(address).range();
  return range !== 'loopback' && range !== 'linkLocal';
}

const hostLabel = (host: ProbeHost) => `host ${host.name} (${host.id})`;

function addressOf(
  host: ProbeHost,
  family: Family,
  interfaceName: string | null,
): string | { missing: string } {
  const label = family === 'ipv4' ? 'IPv4' : 'IPv6';
  if (interfaceName === null) {
    const first = host.interfaces.flatMap((i) => i[family]).find(usable);
    return first ?? { missing: `${hostLabel(host)} has no ${label} address on any interface` };
  }
  const found = host.interfaces.find((i) => i.name === interfaceName);
  if (!found) {
    const names = host.interfaces.map((i) => i.name).join(', ') || 'none';
    return { missing: `${hostLabel(host)} has no interface "${interfaceName}" (it has: ${names})` };
  }
  const first = found[family].find(usable);
  return (
    first ?? {
      missing: `interface "${interfaceName}" of ${hostLabel(host)} has no ${label} address (loopback and link-local do not count)`,
    }
  );
}

/**
 * An IPv6 address needs brackets where a port follows (`[2001:db8::1]:5432`) or as a URL's host
 * (`http://[2001:db8::1]/`); not where the template already brackets it.
 */
function needsBrackets(template: string, start: number, end: number): boolean {
  if (template[start - 1] === '[') return false;
  const before = template.slice(0, start);
  return template[end] === ':' || before.endsWith('//') || before.endsWith('@');
}

function fillFor(host: ProbeHost, placeholder: Placeholder): string | { missing: string } {
  if ('field' in placeholder) {
    const value = host[placeholder.field];
    return value ?? { missing: `${hostLabel(host)} has no ${placeholder.field}` };
  }
  return addressOf(host, placeholder.family, placeholder.interfaceName);
}

/** The template with the host's values in; the first placeholder the host cannot fill is the problem. */
export function renderTemplate(template: string, host: ProbeHost): RenderOutcome {
  let text = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const start = match.index;
    const end = start + match[0].length;
    const placeholder = placeholderOf(match[1] ?? '');
    const value = placeholder
      ? fillFor(host, placeholder)
      : { missing: `unknown placeholder "${match[0]}" (there are ${KNOWN})` };
    if (typeof value !== 'string') {
      return {
        ok: false,
        problem: { placeholder: match[0], hostId: host.id, hostName: host.name, message: value.missing },
      };
    }
    const ipv6 = placeholder !== null && 'family' in placeholder && placeholder.family === 'ipv6';
    const bracket = ipv6 && needsBrackets(template, start, end);
    text += template.slice(last, start) + (bracket ? `[${value}]` : value);
    last = end;
  }
  return { ok: true, text: text + template.slice(last) };
}
