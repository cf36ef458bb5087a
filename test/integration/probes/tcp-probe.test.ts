import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TcpProbeTarget, tcpProbe } from '../../../shared/probes/adapters/tcp-probe';
import { closedPort, type RunningServer, startTcpServer } from './support/servers';
import { countingGate } from './support/test-gate';

let banner: RunningServer;
let echo: RunningServer;
let silent: RunningServer;
let hangup: RunningServer;

before(async () => {
  banner = await startTcpServer((socket) => socket.write('SSH-2.0-probe-test\r\n'));
  echo = await startTcpServer((socket) =>
    socket.on('data', (data) => socket.write(data.toString().startsWith('PING') ? 'PONG\r\n' : 'ERR\r\n')),
  );
  silent = await startTcpServer(() => undefined);
  hangup = await startTcpServer((socket) => socket.end('220 not what you want\r\n'));
});

after(async () => {
  await Promise.all([banner, echo, silent, hangup].map((server) => server.close()));
});

const target = (port: number, extra: Partial<TcpProbeTarget> = {}): TcpProbeTarget => ({
  probeId: 't1',
  hostId: 'h1',
  host: 'probe.test',
  port,
  timeoutMs: 500,
  ...extra,
});

describe('tcpProbe', () => {
  it('an open port is ok, connected at the gated address', async () => {
    const { gate, lookups } = countingGate();
    const result = await tcpProbe(target(silent.port), { gate });
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.equal(result.kind, 'tcp');
    assert.equal(result.address, '127.0.0.1');
    assert.deepEqual(lookups, ['probe.test']);
  });

  it('a closed port is refused', async () => {
    const result = await tcpProbe(target(await closedPort()), countingGate());
    assert.equal(result.failure?.kind, 'refused');
  });

  it('a banner matching expect is ok; one that does not is a body failure', async () => {
    const match = await tcpProbe(target(banner.port, { expect: /^SSH-2\.0-/ }), countingGate());
    assert.equal(match.ok, true, JSON.stringify(match.failure));
    const miss = await tcpProbe(target(banner.port, { expect: /^220 /, timeoutMs: 200 }), countingGate());
    assert.equal(miss.failure?.kind, 'body');
  });

  it('a banner that ends the connection unmatched is a body failure before the deadline', async () => {
    const result = await tcpProbe(target(hangup.port, { expect: /^SSH/, timeoutMs: 2000 }), countingGate());
    assert.equal(result.failure?.kind, 'body');
    assert.ok(result.durationMs < 1000);
  });

  it('send, then expect the reply', async () => {
    const pong = await tcpProbe(target(echo.port, { send: 'PING\r\n', expect: /PONG/ }), countingGate());
    assert.equal(pong.ok, true, JSON.stringify(pong.failure));
    const err = await tcpProbe(target(echo.port, { send: 'HELO\r\n', expect: /PONG/ }), countingGate());
    assert.equal(err.failure?.kind, 'body');
  });

  it('a peer that says nothing is a timeout within timeoutMs', async () => {
    const started = performance.now();
    const result = await tcpProbe(target(silent.port, { expect: /./, timeoutMs: 200 }), countingGate());
    assert.equal(result.failure?.kind, 'timeout');
    assert.ok(performance.now() - started < 200 + 200);
  });

  it('a host outside the policy is refused before any connect', async () => {
    const result = await tcpProbe(target(silent.port, { host: '169.254.169.254' }), countingGate());
    assert.equal(result.failure?.kind, 'policy');
    assert.equal(result.address, undefined);
  });
});
