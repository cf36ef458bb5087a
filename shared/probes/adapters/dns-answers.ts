import type { Resolver } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { errorCode, failure } from './probe-harness';

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS';
export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP';

/** What the resolver said: its rcode, and for each record the forms an expected value may take. */
export interface DnsAnswer {
  rcode: DnsRcode;
  records: string[][];
}

/** c-ares turns every non-NOERROR rcode (and an empty NOERROR) into an error code; this undoes that. */
const RCODE_OF_ERROR: Record<string, DnsRcode> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NOERROR',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  EFORMERR: 'FORMERR',
  ENOTIMP: 'NOTIMP',
};

export async function ask(resolver: Resolver, name: string, type: DnsRecordType): Promise<DnsAnswer> {
  try {
    return { rcode: 'NOERROR', records: await records(resolver, name, type) };
  } catch (error) {
    const code = errorCode(error) ?? 'unknown';
    const rcode = RCODE_OF_ERROR[code];
    if (rcode) return { rcode, records: [] };
    if (code === 'ETIMEOUT') throw failure('timeout', 'resolver did not answer');
    if (code === 'ECONNREFUSED') throw failure('refused', 'resolver refused the connection');
    throw failure('dns', `resolver error ${code}`);
  }
}

async function records(resolver: Resolver, name: string, type: DnsRecordType): Promise<string[][]> {
  const single = (values: string[]) => values.map((value) => [normalise(type, value)]);
  switch (type) {
    case 'A':
      return single(await resolver.resolve4(name));
    case 'AAAA':
      return single(await resolver.resolve6(name));
    case 'CNAME':
      return single(await resolver.resolveCname(name));
    case 'NS':
      return single(await resolver.resolveNs(name));
    case 'TXT':
      return single((await resolver.resolveTxt(name)).map((chunks) => chunks.join('')));
    case 'MX':
      // An MX may be expected as its exchange alone or as "priority exchange".
      return (await resolver.resolveMx(name)).map((mx) =>
        [mx.exchange, `${mx.priority} ${mx.exchange}`].map((form) => normalise(type, form)),
      );
  }
}

/** Names compare without case and trailing dot, addresses in canonical form, TXT exactly. */
export function normalise(type: DnsRecordType, value: string): string {
  const trimmed = value.trim();
  if (type === 'TXT') return trimmed;
  if ((type === 'A' || type === 'AAAA') && ipaddr.isValid(trimmed)) return ipaddr.parse(trimmed).toString();
  return trimmed.toLowerCase().replace(/\.$/, '');
}

/** Expected values with no matching record. */
export const missingAnswers = (type: DnsRecordType, expect: readonly string[], answer: DnsAnswer): string[] =>
  expect.filter((value) => !answer.records.some((forms) => forms.includes(normalise(type, value))));
