import { isIpLiteral, joinHostPort, splitHostPort } from './host-port';
import type { DnsProbe, HttpProbe, ProbeDefinition, TcpProbe } from './probe-definition';
import type { ProbeHost } from './probe-host';
import { renderTemplate } from './probe-template';

type DefinitionOnly = 'id' | 'enabled' | 'targets';
interface TargetHost {
  probeId: string;
  hostId: string;
  hostName: string;
}

/** One probe to run on one host, every template rendered. */
export type HttpTarget = Omit<HttpProbe, DefinitionOnly | 'headers'> &
  TargetHost & { headers: Record<string, string> };
/** `host` and `port` to connect to; `address` as written (`[2001:db8::1]:5432`). */
export type TcpTarget = Omit<TcpProbe, DefinitionOnly> & TargetHost & { host: string; port: number };
export type DnsTarget = Omit<DnsProbe, DefinitionOnly | 'resolver'> &
  TargetHost & { resolver: { address: string; port: number } };
export type ProbeTarget = HttpTarget | TcpTarget | DnsTarget;

/**
 * `host-missing`: a listed host is gone or retired (the definition needs editing); `template`: a
 * placeholder the host cannot fill, or a rendered value that is not usable.
 */
export type ProbeTargetProblem =
  | { kind: 'host-missing'; probeId: string; hostId: string; message: string }
  | {
      kind: 'template';
      probeId: string;
      hostId: string;
      field: string;
      placeholder?: string;
      message: string;
    };

export interface ProbeTargetPlan {
  targets: ProbeTarget[];
  problems: ProbeTargetProblem[];
}

type TemplateProblem = Extract<ProbeTargetProblem, { kind: 'template' }>;
type Built = { target: ProbeTarget } | { problem: TemplateProblem };

/** Renders fields one by one and keeps the first problem: one report per probe and host. */
function fieldRenderer(probeId: string, host: ProbeHost) {
  const problemAt = (field: string, message: string, placeholder?: string): TemplateProblem => ({
    kind: 'template',
    probeId,
    hostId: host.id,
    field,
    ...(placeholder ? { placeholder } : {}),
    message: placeholder ? message : `${message} once rendered for host ${host.name} (${host.id})`,
  });
  const state: { problem: TemplateProblem | null } = { problem: null };
  const render = (field: string, template: string): string => {
    const outcome = renderTemplate(template, host);
    if (outcome.ok) return outcome.text;
    state.problem ??= problemAt(field, outcome.problem.message, outcome.problem.placeholder);
    return template;
  };
  return { render, problemAt, state };
}

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/** Labels of letters, digits, `_` and `-` (a name like `_dmarc.example.jp` included), 253 at most. */
const DNS_NAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_*-]{1,63}(?:\.[A-Za-z0-9_-]{1,63})*\.?$/;

function httpTarget(probe: HttpProbe, host: ProbeHost, base: TargetHost): Built {
  const { id: _id, enabled: _enabled, targets: _targets, ...fields } = probe;
  const r = fieldRenderer(probe.id, host);
  const url = r.render('url', probe.url);
  const headers = Object.fromEntries(
    Object.entries(probe.headers ?? {}).map(([name, value]) => [name, r.render(`headers.${name}`, value)]),
  );
  const body = probe.body === undefined ? {} : { body: r.render('body', probe.body) };
  if (r.state.problem) return { problem: r.state.problem };
  if (!isHttpUrl(url)) return { problem: r.problemAt('url', `${url} is not an http(s) URL`) };
  return { target: { ...fields, ...base, url, headers, ...body } };
}

function tcpTarget(probe: TcpProbe, host: ProbeHost, base: TargetHost): Built {
  const { id: _id, enabled: _enabled, targets: _targets, ...fields } = probe;
  const r = fieldRenderer(probe.id, host);
  const address = r.render('address', probe.address);
  const send = probe.send === undefined ? {} : { send: r.render('send', probe.send) };
  const parts = splitHostPort(address);
  if (r.state.problem) return { problem: r.state.problem };
  if (!parts) return { problem: r.problemAt('address', `${address} is not host:port`) };
  return { target: { ...fields, ...base, address: joinHostPort(parts), ...send, ...parts } };
}

function dnsTarget(probe: DnsProbe, host: ProbeHost, base: TargetHost): Built {
  const { id: _id, enabled: _enabled, targets: _targets, resolver: _resolver, ...fields } = probe;
  const r = fieldRenderer(probe.id, host);
  const name = r.render('name', probe.name);
  const resolver = r.render('resolver', probe.resolver);
  const parts = splitHostPort(resolver, 53);
  if (r.state.problem) return { problem: r.state.problem };
  if (!parts || !isIpLiteral(parts.host)) {
    return { problem: r.problemAt('resolver', `${resolver} is not an IP address with an optional port`) };
  }
  if (!DNS_NAME.test(name)) return { problem: r.problemAt('name', `${name} is not a DNS name`) };
  return { target: { ...fields, ...base, name, resolver: { address: parts.host, port: parts.port } } };
}

function buildTarget(probe: ProbeDefinition, host: ProbeHost): Built {
  const base: TargetHost = { probeId: probe.id, hostId: host.id, hostName: host.name };
  if (probe.kind === 'http') return httpTarget(probe, host, base);
  if (probe.kind === 'tcp') return tcpTarget(probe, host, base);
  return dnsTarget(probe, host, base);
}

/** Powered-off hosts are not probed (their failure is expected); maintenance hosts are, and Mackerel mutes them. */
const probed = (host: ProbeHost) => host.status !== 'poweroff';

function selectHosts(
  probe: ProbeDefinition,
  byId: ReadonlyMap<string, ProbeHost>,
  hosts: readonly ProbeHost[],
): { hosts: ProbeHost[]; problems: ProbeTargetProblem[] } {
  const { targets } = probe;
  if ('service' in targets) {
    const wanted = (targets.roles ?? []).map((role) => `${targets.service}:${role}`);
    const inService = (h: ProbeHost) =>
      wanted.length > 0
        ? h.roles.some((r) => wanted.includes(r))
        : h.roles.some((r) => r.startsWith(`${targets.service}:`));
    return { hosts: hosts.filter((h) => !h.isRetired && probed(h) && inService(h)), problems: [] };
  }
  const selected: ProbeHost[] = [];
  const problems: ProbeTargetProblem[] = [];
  for (const hostId of new Set(targets.hostIds)) {
    const host = byId.get(hostId);
    const missing = !host
      ? `host ${hostId} no longer exists in the org`
      : host.isRetired
        ? `host ${host.name} (${hostId}) is retired`
        : null;
    if (missing !== null)
      problems.push({ kind: 'host-missing', probeId: probe.id, hostId, message: missing });
    else if (host && probed(host)) selected.push(host);
  }
  return { hosts: selected, problems };
}

/** The org's enabled probes against its hosts: what to run now, and what needs an operator. */
export function probeTargets(
  probes: readonly ProbeDefinition[],
  hosts: readonly ProbeHost[],
): ProbeTargetPlan {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const plan: ProbeTargetPlan = { targets: [], problems: [] };
  for (const probe of probes.filter((p) => p.enabled)) {
    const selected = selectHosts(probe, byId, hosts);
    plan.problems.push(...selected.problems);
    for (const host of selected.hosts) {
      const built = buildTarget(probe, host);
      if ('target' in built) plan.targets.push(built.target);
      else plan.problems.push(built.problem);
    }
  }
  return plan;
}
