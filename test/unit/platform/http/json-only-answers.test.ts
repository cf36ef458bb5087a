import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientErrorAnswer, unroutableTarget } from '../../../../shared/platform/http/json-only-answers';

describe('answers given before a function runs', () => {
  it('lets decodable paths through, query strings included', () => {
    for (const url of ['/', '/hooks/mackerel/abc', '/hooks/mackerel/a%20b?x=%zz', '/projects/p/topics/t']) {
      assert.equal(unroutableTarget(url), undefined, url);
    }
  });

  it('answers 400 for a path that does not percent-decode, without echoing it', () => {
    const early = unroutableTarget('/hooks/mackerel/secret-token%zz');
    assert.equal(early?.status, 400);
    assert.equal(early?.body.error.code, 'invalid_path');
    assert.ok(!JSON.stringify(early).includes('secret-token'));
  });

  it('answers 404 for a request target that is not a path (*, absolute form)', () => {
    assert.equal(unroutableTarget('*')?.status, 404);
    assert.equal(unroutableTarget(undefined)?.status, 404);
  });

  it("maps Node's parser errors: header overflow 431, slow headers 408, the rest 400", () => {
    assert.equal(clientErrorAnswer('HPE_HEADER_OVERFLOW').status, 431);
    assert.equal(clientErrorAnswer('ERR_HTTP_REQUEST_TIMEOUT').status, 408);
    assert.equal(clientErrorAnswer('HPE_INVALID_METHOD').status, 400);
    assert.equal(clientErrorAnswer(undefined).status, 400);
  });
});
