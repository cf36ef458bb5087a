import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { correlationIdFrom } from '../../../shared/intake/correlation-id';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('correlationIdFrom', () => {
  it("reuses the trace id of Google's X-Cloud-Trace-Context", () => {
    assert.equal(correlationIdFrom({ cloudTraceContext: `${TRACE}/1234567890;o=1` }), TRACE);
  });

  it('lower-cases the trace id', () => {
    assert.equal(correlationIdFrom({ cloudTraceContext: `${TRACE.toUpperCase()}/1;o=0` }), TRACE);
  });

  it('falls back to the W3C traceparent', () => {
    assert.equal(correlationIdFrom({ traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }), TRACE);
  });

  it('prefers the cloud trace context over traceparent', () => {
    const other = 'a'.repeat(32);
    assert.equal(
      correlationIdFrom({ cloudTraceContext: `${TRACE}/1`, traceparent: `00-${other}-00f067aa0ba902b7-01` }),
      TRACE,
    );
  });

  it('ignores malformed headers and mints a fresh 32-hex-digit id each time', () => {
    const malformed = [
      {},
      { cloudTraceContext: 'not-a-trace/1' },
      { cloudTraceContext: `${TRACE}` },
      { cloudTraceContext: `${TRACE}0/1` },
      { traceparent: `00-${TRACE}-00f067aa0ba902b7` },
      { traceparent: `00-${TRACE.slice(1)}-00f067aa0ba902b7-01` },
      { traceparent: `x00-${TRACE}-00f067aa0ba902b7-01` },
    ];
    const ids = malformed.map((headers) => correlationIdFrom(headers));
    for (const id of ids) {
      assert.match(id, /^[0-9a-f]{32}$/);
      assert.notEqual(id, TRACE);
    }
    assert.equal(new Set(ids).size, ids.length);
  });
});
