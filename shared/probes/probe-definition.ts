import { z } from 'zod';
import { serviceNameSchema } from '../mackerel/api/monitor-spec';
import { expectStatusSchema } from './expect-status';
import { isIpLiteral, splitHostPort } from './host-port';
import { regexSchema, templateSchema, timeoutMsSchema } from './probe-fields';
import { isAddressPlaceholder } from './probe-template';

/**
 * orgs/{org}/probes/{id}: one external check, run against each host its targets select, its results
 * posted as that host's metrics so the org's own host metric monitors alert on that host. Objects are
 * strict: a misspelt key is an error, not a silently ignored setting.
 */

export const ICMP_REFUSAL =
  'ICMP needs raw sockets, which Cloud Functions do not have: use kind tcp (a port the host answers on) or http';

/** Part of metric and monitor names (`custom.probe.http.ok.<id>`): no dots, so one wildcard segment. */
export const probeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a probe id (1-63 of a-z 0-9 _ -, starting a-z or 0-9)');

const roleNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'expected a Mackerel role name (A-Z a-z 0-9 _ -)');

const hostIdsTargets = z.strictObject({ hostIds: z.array(z.string().min(1)).min(1).max(1000) });
/** The service's hosts, or only those in one of `roles` (role names within the service). */
const serviceTargets = z.strictObject({
  service: serviceNameSchema,
  roles: z.array(roleNameSchema).min(1).optional(),
});

const has = (input: unknown, key: string): boolean =>
  typeof input === 'object' && input !== null && key in input;
const kindOf = (input: unknown): unknown =>
  typeof input === 'object' && input !== null && 'kind' in input ? input.kind : undefined;

/** A union's own message is "Invalid input": name the field of the form the input was meant as. */
const targetsSchema = z.union([hostIdsTargets, serviceTargets], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const byIds = has(issue.input, 'hostIds');
    const byService = has(issue.input, 'service');
    if (byIds && byService) return 'give hostIds or service, not both';
    const first = issue.errors[byIds ? 0 : byService ? 1 : -1]?.[0];
    if (!first) return 'expected { hostIds: [...] } or { service, roles? }';
    return first.path.length > 0 ? `${first.path.join('.')}: ${first.message}` : first.message;
  },
});

const common = {
  id: probeIdSchema,
  enabled: z.boolean().default(true),
  targets: targetsSchema,
};

/** Set by the runner from the URL and body: a definition must not contradict them. */
const RUNNER_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Names are checked here rather than as record keys, whose issues would only say "Invalid key". */
const headersSchema = z.record(z.string(), templateSchema(1000)).superRefine((headers, ctx) => {
  const names = Object.keys(headers);
  if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 headers' });
  for (const name of names) {
    const problem = !HEADER_NAME.test(name)
      ? 'expected an HTTP header name'
      : RUNNER_HEADERS.has(name.toLowerCase())
        ? 'set by the probe runner, not by a definition'
        : null;
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

const isHttps = (url: string) => /^https:\/\//i.test(url);

export const httpProbeSchema = z
  .strictObject({
    ...common,
    kind: z.literal('http'),
    /** `https://{{host.name}}.example.jp/health` */
    url: templateSchema(2048).refine(
      (url) => /^https?:\/\/[^/]/i.test(url),
      'expected an http:// or https:// URL',
    ),
    method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
    headers: headersSchema.optional(),
    body: templateSchema(10_000).optional(),
    expectStatus: expectStatusSchema,
    bodyRegex: regexSchema.optional(),
    /** Slower than this fails as `latency`, though the status passed. */
    maxLatencyMs: z.int().min(1).max(10_000).optional(),
    /** Days: the matching monitor warns when the certificate has fewer left. */
    tlsDaysWarning: z.int().min(1).max(365).optional(),
    /** Each hop is judged by the address policy again. */
    followRedirects: z.int().min(0).max(5).default(0),
    timeoutMs: timeoutMsSchema,
  })
  .superRefine((probe, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (probe.tlsDaysWarning !== undefined && !isHttps(probe.url)) {
      issue('tlsDaysWarning', 'only for https:// URLs: plain http has no certificate');
    }
    if (probe.body !== undefined && probe.method !== 'POST') issue('body', 'a body needs method POST');
    if (probe.bodyRegex !== undefined && probe.method === 'HEAD')
      issue('bodyRegex', 'a HEAD answer has no body');
    if (probe.maxLatencyMs !== undefined && probe.maxLatencyMs >= probe.timeoutMs) {
      issue('maxLatencyMs', `must be below timeoutMs (${probe.timeoutMs})`);
    }
  });

export const tcpProbeSchema = z.strictObject({
  ...common,
  kind: z.literal('tcp'),
  /** `{{host.ipv4.eth0}}:5432`, `{{host.name}}.example.jp:22` */
  address: templateSchema(300).refine(
    (address) => splitHostPort(address) !== null,
    'expected host:port with a port 1-65535, such as {{host.ipv4.eth0}}:5432',
  ),
  /** Written once connected (a protocol greeting); `expect` is then matched against what comes back. */
  send: templateSchema(1000).optional(),
  expect: regexSchema.optional(),
  timeoutMs: timeoutMsSchema,
});

/** An IP (not a name, which would need a lookup of its own) or the host's own address placeholder. */
const isResolver = (text: string): boolean => {
  const parts = splitHostPort(text, 53);
  return parts !== null && (isIpLiteral(parts.host) || isAddressPlaceholder(parts.host));
};

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

export const dnsProbeSchema = z.strictObject({
  ...common,
  kind: z.literal('dns'),
  /** `ip`, `ip:port`, `[ipv6]:port`; port 53 when not given. */
  resolver: z
    .string()
    .refine(
      isResolver,
      'expected an IP address with an optional port (8.8.8.8, [2001:4860:4860::8888]:53) or {{host.ipv4}}',
    ),
  name: templateSchema(253).refine((name) => name.trim() !== '', 'expected a name to query'),
  type: z.enum(DNS_RECORD_TYPES),
  /** Answers that must all be in the response (others may be too). */
  expect: z.array(z.string().min(1).max(255)).min(1).max(20).optional(),
  rcode: z.enum(['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED']).default('NOERROR'),
  timeoutMs: timeoutMsSchema,
});

/** `kind: icmp` gets its own answer: the obvious first try, and it cannot work where probes run. */
export const probeDefinitionSchema = z.discriminatedUnion(
  'kind',
  [httpProbeSchema, tcpProbeSchema, dnsProbeSchema],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      return kindOf(issue.input) === 'icmp' ? ICMP_REFUSAL : 'expected kind http, tcp or dns';
    },
  },
);

export type ProbeDefinition = z.infer<typeof probeDefinitionSchema>;
export type HttpProbe = z.infer<typeof httpProbeSchema>;
export type TcpProbe = z.infer<typeof tcpProbeSchema>;
export type DnsProbe = z.infer<typeof dnsProbeSchema>;
export type ProbeTargets = ProbeDefinition['targets'];
export type ProbeKind = ProbeDefinition['kind'];
