import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MackerelApiClient } from '../../../../shared/mackerel/api/mackerel-api-client';

/** A Mackerel that answers GET /api/v0/hosts with odd hosts among good ones. */
let server: Server;
let baseUrl: string;
const HOSTS = [
  {
    id: 'h-good',
    name: 'web01',
    status: 'working',
    createdAt: 1_767_225_600,
    isRetired: false,
    roles: { shop: ['web'] },
  },
  // As the docs' field table allows: no createdAt, isRetired, roles or memo.
  { id: 'h-sparse', name: 'web02', status: 'standby' },
  // Broken past its id: still counted, by id, name and status.
  { id: 'h-odd', name: 'db01', status: 'maintenance', createdAt: 'yesterday', roles: ['not', 'a', 'map'] },
  // Nothing to tell it apart by.
  { name: 'no-id' },
];

before(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url?.startsWith('/api/v0/hosts') ? { hosts: HOSTS } : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('MackerelApiClient.listHosts', () => {
  it('reads each host on its own: odd ones are kept by id, one without an id is left out, none fails the list', async () => {
    const client = new MackerelApiClient({ apiKey: 'test-key-0123456789', baseUrl });
    const hosts = await client.listHosts();
    assert.deepEqual(
      hosts.map((h) => [h.id, h.name, h.status, h.createdAt]),
      [
        ['h-good', 'web01', 'working', 1_767_225_600],
        ['h-sparse', 'web02', 'standby', undefined],
        ['h-odd', 'db01', 'maintenance', undefined],
      ],
    );
  });
});
