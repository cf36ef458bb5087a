import { createSocket } from 'node:dgram';

/** What the test zone holds; names absent from it are NXDOMAIN. */
export type ZoneRecord =
  | { type: 'A'; address: string }
  | { type: 'CNAME'; target: string }
  | { type: 'SERVFAIL' }
  | { type: 'SILENT' };

export interface RunningDnsServer {
  address: string;
  port: number;
  /** Names asked, lowercased, in order. */
  queries: string[];
  close(): Promise<void>;
}

const TYPE_CODES: Record<string, number> = { A: 1, CNAME: 5 };
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 };

/**
 * A minimal authoritative UDP DNS server (hand-encoded wire format, RFC 1035): one question per query,
 * answers for A and CNAME, an empty NOERROR for other types of a known name, NXDOMAIN for unknown names.
 */
export async function startDnsServer(zone: Record<string, ZoneRecord>): Promise<RunningDnsServer> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    const question = parseQuestion(query);
    if (!question) return;
    queries.push(question.name);
    const record = zone[question.name];
    if (record?.type === 'SILENT') return;
    socket.send(answer(query, question, record), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: '127.0.0.1',
    port: socket.address().port,
    queries,
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
  const rdata = record && TYPE_CODES[record.type] === question.type ? rdataOf(record) : undefined;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // QR, AA and RA set; opcode and RD echoed from the query.
  header.writeUInt16BE(0x8480 | (query.readUInt16BE(2) & 0x7900) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdata ? 1 : 0, 6);
  const sections = [header, query.subarray(12, question.end)];
  if (rdata) {
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

function rdataOf(record: ZoneRecord): Buffer | undefined {
  if (record.type === 'A') return Buffer.from(record.address.split('.').map(Number));
  if (record.type === 'CNAME') return encodeName(record.target);
  return undefined;
}

const encodeName = (name: string): Buffer =>
  Buffer.concat([
    ...name
      .replace(/\.$/, '')
      .split('.')
      .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])),
    Buffer.from([0]),
  ]);
