import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { opensslAvailable } from '../../../local/probes/self-signed-cert';
import { ProbeTargetStandin, TCP_BANNER } from '../../../local/probes/target-standin';
import { createLogger } from '../../../shared/kernel/log/logger';

const silent = createLogger({}, () => undefined);
const noOpenssl = opensslAvailable() ? false : 'openssl CLI not installed';

let standin: ProbeTargetStandin;

before(async () => {
  standin = new ProbeTargetStandin({ logger: silent });
  await standin.start();
});

after(() => standin.stop());

async function timedFetch(path: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${standin.httpUrl}${path}`);
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

async function putTarget(name: string, body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${standin.httpUrl}/_control/targets/${name}`, { method: 'PUT', body });
  return { status: response.status, json: await response.json() };
}

/** node:http rather than fetch, to see the socket error itself. */
function rawGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

/** Connects and collects what the peer sends until `until` matches. */
function tcpExchange(port: number, send: string | undefined, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(received)}`)));
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received === TCP_BANNER && send !== undefined) socket.write(send);
      if (until.test(received)) {
        socket.removeAllListeners('close');
        socket.destroy();
        resolve(received);
      }
    });
  });
}

describe('ProbeTargetStandin HTTP targets', () => {
  it('answers 200 ok by default, counted per first path segment', async () => {
    standin.resetTargets();
    assert.deepEqual(await timedFetch('/web-1/health').then(({ status, body }) => ({ status, body })), {
      status: 200,
      body: 'ok',
    });
    await timedFetch('/web-1/other?x=1');
    await timedFetch('/web-2');
    assert.equal(standin.requests('web-1'), 2);
    assert.equal(standin.requests('web-2'), 1);
    assert.equal(standin.requests('web-3'), 0);
  });

  it('honours a set status and body, for that target only', async () => {
    standin.setTarget('broken', { status: 503, body: 'maintenance' });
    const broken = await timedFetch('/broken/health');
    assert.equal(broken.status, 503);
    assert.equal(broken.body, 'maintenance');
    assert.equal((await timedFetch('/fine/health')).status, 200);
    standin.resetTargets();
    assert.equal((await timedFetch('/broken/health')).status, 200);
  });

  it('waits at least the set latency before answering', async () => {
    standin.setTarget('slow', { latencyMs: 150 });
    for (let i = 0; i < 5; i += 1) {
      const { status, ms } = await timedFetch('/slow/health');
      assert.equal(status, 200);
      assert.ok(ms >= 150, `answered after ${ms} ms, before the 150 ms latency`);
      assert.ok(ms < 1000, `answered after ${ms} ms`);
    }
    const fast = await timedFetch('/fast/health');
    assert.ok(fast.ms < 150, `an unset target took ${fast.ms} ms`);
  });

  it('destroys the connection of a down target without an answer', async () => {
    standin.setTarget('gone', { down: true });
    await assert.rejects(rawGet(`${standin.httpUrl}/gone/health`), { code: 'ECONNRESET' });
    await assert.rejects(fetch(`${standin.httpUrl}/gone/health`), TypeError);
    assert.equal(standin.requests('gone'), 2);
    assert.equal(await rawGet(`${standin.httpUrl}/alive/health`), 200);
  });

  it('serves many concurrent slow requests, each after its latency', async () => {
    standin.setTarget('load', { latencyMs: 50 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 500 }, () => timedFetch('/load/x')));
    const total = performance.now() - started;
    assert.ok(
      results.every((r) => r.status === 200 && r.ms >= 50),
      'every answer 200 after ≥ 50 ms',
    );
    // Concurrent, not one after the other (that would be 25 s).
    assert.ok(total < 5000, `500 requests took ${total} ms`);
    assert.equal(standin.requests('load'), 500);
  });
});

describe('ProbeTargetStandin control routes', () => {
  it('PUT sets a behaviour, GET lists it, DELETE resets it', async () => {
    standin.resetTargets();
    const put = await putTarget('api-1', '{"status":500,"latencyMs":5,"body":"boom"}');
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, {
      name: 'api-1',
      behaviour: { status: 500, latencyMs: 5, body: 'boom', down: false },
    });
    assert.equal((await timedFetch('/api-1/')).status, 500);
    const listed = await fetch(`${standin.httpUrl}/_control/targets`).then((r) => r.json());
    assert.deepEqual(listed, {
      default: { status: 200, latencyMs: 0, body: 'ok', down: false },
      targets: { 'api-1': { status: 500, latencyMs: 5, body: 'boom', down: false } },
      requests: { 'api-1': 1 },
    });
    const deleted = await fetch(`${standin.httpUrl}/_control/targets/api-1`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal((await timedFetch('/api-1/')).status, 200);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [string, string][] = [
      ['{"status":"x"}', 'status'],
      ['{"status":99}', 'status'],
      ['{"latencyMs":-1}', 'latencyMs'],
      ['{"down":"yes"}', 'down'],
      ['{"colour":"red"}', 'colour'],
      ['not json', '(body)'],
      ['[1]', '(body)'],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await putTarget('bad', body);
      assert.equal(status, 400, body);
      assert.equal((json as { field: string }).field, field, body);
      assert.equal(typeof (json as { error: unknown }).error, 'string', body);
    }
    assert.equal((await putTarget('_control', '{}')).status, 400);
    assert.equal((await timedFetch('/bad/')).status, 200, 'nothing was set');
  });

  it('the method API refuses a bad behaviour too', () => {
    assert.throws(() => standin.setTarget('x', { status: 42 }));
    assert.throws(() => standin.setTarget('a/b', {}));
  });
});

describe('ProbeTargetStandin TCP target', () => {
  it('greets with the banner, then echoes lines', async () => {
    assert.equal(await tcpExchange(standin.tcpPort, undefined, /\n/), TCP_BANNER);
    const received = await tcpExchange(standin.tcpPort, 'hello\nworld\n', /world\n$/);
    assert.equal(received, `${TCP_BANNER}hello\nworld\n`);
  });

  it('refuses while down (refuse), resets while down (reset), and greets again on the same port when up', async () => {
    const port = standin.tcpPort;
    await standin.setTcpDown(true);
    await assert.rejects(tcpExchange(port, undefined, /\n/), { code: 'ECONNREFUSED' });
    await standin.setTcpDown(true, 'reset');
    await assert.rejects(tcpExchange(port, undefined, /\n/), (error: Error) =>
      /closed after ""|ECONNRESET/.test(`${error.message} ${(error as NodeJS.ErrnoException).code}`),
    );
    await standin.setTcpDown(false);
    assert.equal(standin.tcpPort, port);
    assert.equal(await tcpExchange(port, undefined, /\n/), TCP_BANNER);
  });
});

describe('ProbeTargetStandin DNS', () => {
  const resolver = () => {
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([`${standin.dnsAddress}:${standin.dnsPort}`]);
    return r;
  };

  it('answers the default zone', async () => {
    assert.deepEqual(await resolver().resolve4('www.probe.local'), ['192.0.2.10']);
    assert.deepEqual(await resolver().resolve4('db.probe.local'), ['192.0.2.20']);
    await assert.rejects(resolver().resolve4('nope.probe.local'), { code: 'ENOTFOUND' });
    assert.ok(standin.dnsQueries().includes('www.probe.local'));
  });

  it('serves a record changed live, with several A addresses, and drops a removed one', async () => {
    standin.setDnsRecord('www.probe.local', { type: 'A', address: ['192.0.2.11', '192.0.2.12'] });
    assert.deepEqual((await resolver().resolve4('www.probe.local')).sort(), ['192.0.2.11', '192.0.2.12']);
    standin.setDnsRecord('WWW.probe.local.', undefined);
    await assert.rejects(resolver().resolve4('www.probe.local'), { code: 'ENOTFOUND' });
    standin.setDnsRecord('down.probe.local', { type: 'SERVFAIL' });
    await assert.rejects(resolver().resolve4('down.probe.local'), { code: 'ESERVFAIL' });
    assert.throws(() => standin.setDnsRecord('x.probe.local', { type: 'A', address: '999.1.1.1' }));
    standin.setDnsRecord('www.probe.local', { type: 'A', address: '192.0.2.10' });
  });
});

describe('ProbeTargetStandin HTTPS', { skip: noOpenssl }, () => {
  function httpsGet(options: {
    ca?: string;
    servername?: string;
  }): Promise<{ status: number; body: string }> {
    const url = standin.httpsUrl;
    if (url === undefined) throw new Error('no httpsUrl although openssl is installed');
    return new Promise((resolve, reject) => {
      httpsRequest(`${url}/secure/health`, { agent: false, ...options }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
  }

  it('serves the same targets over TLS, trusted with caPath, by IP and by name', async () => {
    const caPath = standin.caPath;
    assert.ok(caPath);
    const ca = readFileSync(caPath, 'utf8');
    standin.setTarget('secure', { status: 201, body: 'tls' });
    assert.deepEqual(await httpsGet({ ca }), { status: 201, body: 'tls' });
    assert.deepEqual(await httpsGet({ ca, servername: 'probe.local' }), { status: 201, body: 'tls' });
    await assert.rejects(httpsGet({}), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await assert.rejects(httpsGet({ ca, servername: 'other.local' }), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('caPath works as NODE_EXTRA_CA_CERTS for another process', async () => {
    const script = `fetch(process.argv[1]).then(async (r) => console.log(r.status, await r.text()))`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', script, `${standin.httpsUrl}/ca/`],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: standin.caPath },
      },
    );
    assert.equal(stdout.trim(), '200 ok');
  });

  it('reports notAfter about certDays ahead', async () => {
    const notAfter = standin.certNotAfter;
    assert.ok(notAfter !== undefined);
    const days = (notAfter - Date.now() / 1000) / 86_400;
    assert.ok(days > 29 && days <= 30.01, `notAfter ${days} days ahead`);
    const short = new ProbeTargetStandin({ logger: silent, certDays: 3 });
    await short.start();
    try {
      const shortDays = ((short.certNotAfter ?? 0) - Date.now() / 1000) / 86_400;
      assert.ok(shortDays > 2 && shortDays <= 3.01, `notAfter ${shortDays} days ahead`);
    } finally {
      await short.stop();
    }
  });
});

describe('ProbeTargetStandin.stop', () => {
  const tcpFree = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
  const udpFree = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = createSocket('udp4').once('error', reject);
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve()));
    });

  it('frees every port, even with a keep-alive socket open and a request waiting out its latency', async () => {
    const own = new ProbeTargetStandin({ logger: silent });
    await own.start();
    const ports = {
      http: Number(new URL(own.httpUrl).port),
      https: own.httpsUrl === undefined ? undefined : Number(new URL(own.httpsUrl).port),
      tcp: own.tcpPort,
      dns: own.dnsPort,
    };
    const caPath = own.caPath;
    own.setTarget('hang', { latencyMs: 60_000 });
    await fetch(`${own.httpUrl}/keep/alive`).then((r) => r.text());
    const hanging = fetch(`${own.httpUrl}/hang/`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await own.stop();
    assert.ok(performance.now() - started < 2000, 'stop did not wait for the latency');
    assert.equal(await hanging, 'dropped');
    await tcpFree(ports.http);
    if (ports.https !== undefined) await tcpFree(ports.https);
    await tcpFree(ports.tcp);
    await udpFree(ports.dns);
    if (caPath !== undefined) assert.throws(() => readFileSync(caPath), { code: 'ENOENT' });
    assert.throws(() => own.httpUrl, /not started/);
  });

  it('a taken fixed port fails start, which stays stopped', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    assert.ok(address !== null && typeof address === 'object');
    const own = new ProbeTargetStandin({ logger: silent, https: false, tcpPort: address.port });
    try {
      await assert.rejects(own.start(), { code: 'EADDRINUSE' });
      assert.throws(() => own.httpUrl, /not started/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
