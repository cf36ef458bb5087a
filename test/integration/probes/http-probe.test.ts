import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { HTTP_BODY_CAP, type HttpProbeTarget, httpProbe } from '../../../shared/probes/adapters/http-probe';
import { closedPort, type RunningServer, startHttpServer } from './support/servers';
import { countingGate } from './support/test-gate';

const TEN_MIB = 10 * 1024 * 1024;

let server: RunningServer;
/** What the 10 MiB handler managed to hand to its socket before the client went away. */
const big = { written: 0, finished: false, closed: false };

function streamBig(res: ServerResponse): void {
  const chunk = Buffer.alloc(16 * 1024, 'x');
  res.once('close', () => {
    big.closed = true;
  });
  res.once('finish', () => {
    big.finished = true;
  });
  res.writeHead(200, { 'content-length': String(TEN_MIB) });
  const pump = () => {
    while (big.written < TEN_MIB && !res.destroyed) {
      big.written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

before(async () => {
  server = await startHttpServer((req, res, seen) => {
    const redirect = (location: string) => res.writeHead(302, { location }).end();
    switch (req.url) {
      case '/ok':
        return void res.end('hello probe');
      case '/fail':
        return void res.writeHead(500).end('boom');
      case '/slow':
        return void setTimeout(() => res.end('late'), 250);
      case '/hang':
        return;
      case '/metadata':
        return redirect('http://169.254.169.254/computeMetadata/v1/');
      case '/to-localhost':
        return redirect(`http://localhost:${server.port}/ok`);
      case '/loop':
        return redirect('/loop');
      case '/hop':
        return redirect('/ok');
      case '/ftp':
        return redirect('ftp://probe.test/');
      case '/big':
        return streamBig(res);
      case '/echo':
        return void res.end(JSON.stringify(seen));
      default:
        return void res.writeHead(404).end();
    }
  });
});

after(() => server.close());

const target = (path: string, extra: Partial<HttpProbeTarget> = {}): HttpProbeTarget => ({
  probeId: 'p1',
  hostId: 'h1',
  url: `http://probe.test:${server.port}${path}`,
  method: 'GET',
  expectStatus: (code) => code >= 200 && code < 300,
  followRedirects: 0,
  timeoutMs: 2000,
  tls: {},
  ...extra,
});

describe('httpProbe over plain HTTP', () => {
  it('a 200 is ok, with its status, duration and the address connected to; Host keeps the URL name', async () => {
    const { gate } = countingGate();
    server.requests.length = 0;
    const result = await httpProbe(target('/ok', { bodyRegex: /hello/ }), { gate });
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.equal(result.kind, 'http');
    assert.equal(result.statusCode, 200);
    assert.equal(result.address, '127.0.0.1');
    assert.ok(result.durationMs > 0 && result.durationMs < 2000);
    assert.equal(server.requests[0]?.host, `probe.test:${server.port}`);
  });

  it('resolves once and connects to the checked address, even when the name rebinds afterwards', async () => {
    const { gate, lookups } = countingGate({ 'probe.test': ['127.0.0.1', '169.254.169.254'] });
    const result = await httpProbe(target('/ok'), { gate });
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.deepEqual(lookups, ['probe.test']);
    assert.equal(result.address, '127.0.0.1');
  });

  it('a 500 against an expected 2xx is a status failure that keeps the code', async () => {
    const result = await httpProbe(target('/fail'), countingGate());
    assert.equal(result.failure?.kind, 'status');
    assert.equal(result.statusCode, 500);
  });

  it('a body that misses the regex is a body failure', async () => {
    const result = await httpProbe(target('/ok', { bodyRegex: /goodbye/g }), countingGate());
    assert.equal(result.failure?.kind, 'body');
  });

  it('an answer slower than maxLatencyMs is a latency failure', async () => {
    const result = await httpProbe(target('/slow', { maxLatencyMs: 100 }), countingGate());
    assert.equal(result.failure?.kind, 'latency');
    assert.ok(result.durationMs >= 200);
  });

  it('a server that never answers is a timeout within timeoutMs', async () => {
    const started = performance.now();
    const result = await httpProbe(target('/hang', { timeoutMs: 300 }), countingGate());
    const took = performance.now() - started;
    assert.equal(result.failure?.kind, 'timeout');
    assert.ok(took >= 290 && took < 300 + 250, `took ${took} ms`);
  });

  it('a redirect to the metadata address is refused by the gate as policy', async () => {
    const { gate, lookups } = countingGate();
    server.requests.length = 0;
    const result = await httpProbe(target('/metadata', { followRedirects: 5 }), { gate });
    assert.equal(result.failure?.kind, 'policy');
    assert.match(result.failure?.message ?? '', /169\.254\.169\.254/);
    assert.deepEqual(lookups, ['probe.test']);
    assert.equal(server.requests.length, 1);
  });

  it('a redirect to localhost is refused as policy', async () => {
    const result = await httpProbe(target('/to-localhost', { followRedirects: 5 }), countingGate());
    assert.equal(result.failure?.kind, 'policy');
  });

  it('a redirect to a non-http scheme is refused as policy', async () => {
    const result = await httpProbe(target('/ftp', { followRedirects: 5 }), countingGate());
    assert.equal(result.failure?.kind, 'policy');
  });

  it('a redirect loop stops at the limit, every hop gated again', async () => {
    const { gate, lookups } = countingGate();
    server.requests.length = 0;
    const result = await httpProbe(target('/loop', { followRedirects: 3 }), { gate });
    assert.equal(result.failure?.kind, 'status');
    assert.match(result.failure?.message ?? '', /redirect limit 3/);
    assert.equal(server.requests.length, 4);
    assert.equal(lookups.length, 4);
  });

  it('a redirect within the limit is followed to its answer', async () => {
    const result = await httpProbe(
      target('/hop', { followRedirects: 1, bodyRegex: /hello/ }),
      countingGate(),
    );
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.equal(result.statusCode, 200);
  });

  it('a 10 MiB body is read only up to the cap, and the connection is dropped early', async () => {
    const result = await httpProbe(target('/big', { bodyRegex: /^x+$/ }), countingGate());
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.ok(result.durationMs < 1000, `took ${result.durationMs} ms`);
    await until(() => big.closed);
    assert.equal(big.finished, false, 'the server wrote the whole body');
    assert.ok(big.written < TEN_MIB, `server wrote ${big.written} bytes`);
    assert.ok(HTTP_BODY_CAP < big.written);
  });

  it('POST sends the body and headers, but Host stays the URL host', async () => {
    const result = await httpProbe(
      target('/echo', {
        method: 'POST',
        body: '{"ping":1}',
        headers: { 'Content-Type': 'application/json', Host: 'evil.test' },
        bodyRegex: /"method":"POST".*"host":"probe\.test:\d+".*"body":"\{\\"ping\\":1\}"/,
      }),
      countingGate(),
    );
    assert.equal(result.ok, true, JSON.stringify(result.failure));
  });

  it('a closed port is refused, an unknown name is a dns failure', async () => {
    const port = await closedPort();
    const refused = await httpProbe(target('/', { url: `http://probe.test:${port}/` }), countingGate());
    assert.equal(refused.failure?.kind, 'refused');
    const unknown = await httpProbe(target('/', { url: 'http://nowhere.test/' }), countingGate());
    assert.equal(unknown.failure?.kind, 'dns');
  });

  it('honours no proxy from the environment', async () => {
    const names = ['HTTP_PROXY', 'http_proxy'];
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, { HTTP_PROXY: 'http://127.0.0.9:1', http_proxy: 'http://127.0.0.9:1' });
    try {
      const result = await httpProbe(target('/ok'), countingGate());
      assert.equal(result.ok, true, JSON.stringify(result.failure));
    } finally {
      names.forEach((name, i) => {
        const value = saved[i];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      });
    }
  });
});

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const endsAt = Date.now() + ms;
  while (!condition() && Date.now() < endsAt) await new Promise((resolve) => setTimeout(resolve, 10));
}
