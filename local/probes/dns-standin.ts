import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

/** What the zone holds; names absent from it are NXDOMAIN. An A record may carry several addresses. */
export type ZoneRecord =
  | { type: 'A'; address: string | readonly string[] }
  | { type: 'CNAME'; target: string }
  | { type: 'SERVFAIL' }
  | { type: 'SILENT' };

export interface DnsServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface RunningDnsServer {
  address: string;
  port: number;
  /** Names asked, lowercased, in order. */
  queries: string[];
  /** Changes the zone live (a target "going down"); `undefined` removes the name (NXDOMAIN from now on). */
  setRecord(name: string, record: ZoneRecord | undefined): void;
  close(): Promise<void>;
}

const TYPE_CODES: Record<string, number> = { A: 1, CNAME: 5 };
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 };

/** Queries arrive lowercased without the root dot; the zone's keys are kept the same way. */
const zoneKey = (name: string): string => name.replace(/\.$/, '').toLowerCase();

function checked(name: string, record: ZoneRecord): ZoneRecord {
  if (record.type !== 'A') return record;
  const addresses = typeof record.address === 'string' ? [record.address] : record.address;
  // A bad address would be encoded as garbage bytes; better to fail where the zone is written.
  const bad = addresses.find((a) => !isIPv4(a));
  if (addresses.length === 0 || bad !== undefined) {
    throw new Error(`zone record ${name} A needs IPv4 addresses, got ${JSON.stringify(record.address)}`);
  }
  return record;
}

/**
 * A minimal authoritative UDP DNS server (hand-encoded wire format, RFC 1035): one question per query,
 * answers for A and CNAME, an empty NOERROR for other types of a known name, NXDOMAIN for unknown names.
 */
export async function startDnsServer(
  zone: Record<string, ZoneRecord>,
  options: DnsServerOptions = {},
): Promise<RunningDnsServer> {
  const records = new Map<string, ZoneRecord>();
  const setRecord = (name: string, record: ZoneRecord | undefined): void => {
    if (record === undefined) records.delete(zoneKey(name));
    else records.set(zoneKey(name), checked(name, record));
  };
  for (const [name, record] of Object.entries(zone)) setRecord(name, record);

  const host = options.host ?? '127.0.0.1';
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    const question = parseQuestion(query);
    if (!question) return;
    queries.push(question.name);
    const record = records.get(question.name);
    if (record?.type === 'SILENT') return;
    socket.send(answer(query, question, record), peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    // A fixed port may be taken: reject instead of an unhandled 'error' event.
    socket.once('error', reject);
    socket.bind(options.port ?? 0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A failed send (peer gone) must not crash the process.
  socket.on('error', () => undefined);
  return {
    address: host,
    port: socket.address().port,
    queries,
    setRecord,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

interface Question {
  name: string;
  type: number;
  /** Offset just past QTYPE and QCLASS. */
  end: number;
}

function parseQuestion(query: Buffer): Question | undefined {
  const labels: string[] = [];
  let offset = 12;
  for (let length = query[offset]; length; length = query[offset]) {
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  if (offset + 5 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(offset + 1), end: offset + 5 };
}

function answer(query: Buffer, question: Question, record: ZoneRecord | undefined): Buffer {
  const rcode =
    record === undefined ? RCODE.NXDOMAIN : record.type === 'SERVFAIL' ? RCODE.SERVFAIL : RCODE.NOERROR;
  const rdatas = record && TYPE_CODES[record.type] === question.type ? rdataOf(record) : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // QR, AA and RA set; opcode and RD echoed from the query.
  header.writeUInt16BE(0x8480 | (query.readUInt16BE(2) & 0x7900) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const sections = [header, query.subarray(12, question.end)];
  for (const rdata of rdatas) {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // owner name: a pointer to the question's
    fixed.writeUInt16BE(question.type, 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    sections.push(fixed, rdata);
  }
  return Buffer.concat(sections);
}

function rdataOf(record: ZoneRecord): Buffer[] {
  if (record.type === 'A') {
    const addresses = typeof record.address === 'string' ? [record.address] : record.address;
    return addresses.map((address) => Buffer.from(address.split('.').map(Number)));
  }
  if (record.type === 'CNAME') return [encodeName(record.target)];
  return [];
}

const encodeName = (name: string): Buffer =>
  Buffer.concat([
    ...name
      .replace(/\.$/, '')
      .split('.')
      .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])),
    Buffer.from([0]),
  ]);
