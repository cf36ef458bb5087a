import ipaddr from 'ipaddr.js';

export interface HostPort {
  /** A name or an IP address, IPv6 without brackets. */
  host: string;
  port: number;
}

const PORT = /^\d{1,5}$/;
const portOf = (text: string): number | null => {
  const port = PORT.test(text) ? Number(text) : 0;
  return port >= 1 && port <= 65_535 ? port : null;
};

/**
 * `host:port`, `[ipv6]:port`; without a port only when a default is given (then a bare IPv6 reads as an
 * address, its colons are not a port). Null when it is neither.
 */
export function splitHostPort(text: string, defaultPort?: number): HostPort | null {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const port = bracketed[2] === undefined ? (defaultPort ?? null) : portOf(bracketed[2]);
    return bracketed[1] && port !== null ? { host: bracketed[1], port } : null;
  }
  if (defaultPort !== undefined && ipaddr.IPv6.isValid(text)) return { host: text, port: defaultPort };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return defaultPort !== undefined && text !== '' ? { host: text, port: defaultPort } : null;
  const host = text.slice(0, colon);
  const port = portOf(text.slice(colon + 1));
  // An unbracketed IPv6 before a port is ambiguous (`2001:db8::1:53`); placeholders may hold anything.
  const ambiguous = /[:[\]]/.test(host.replace(/\{\{[^{}]*\}\}/g, ''));
  return host !== '' && !ambiguous && port !== null ? { host, port } : null;
}

/** The address as `host:port`, an IPv6 bracketed. */
export const joinHostPort = ({ host, port }: HostPort): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** An IP address as written by an interface or a resolver list: no `10.1` or `0x0a.0.0.1` forms. */
export const isIpLiteral = (text: string): boolean =>
  ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
