import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonContentType, MAX_WEBHOOK_BODY_BYTES } from '../../../shared/intake/intake-request';

describe('isJsonContentType', () => {
  it('accepts application/json with or without parameters', () => {
    assert.equal(isJsonContentType('application/json'), true);
    assert.equal(isJsonContentType('application/json; charset=utf-8'), true);
    assert.equal(isJsonContentType('application/json;charset=UTF-8'), true);
    assert.equal(isJsonContentType('  application/json  ; charset=utf-8'), true);
  });

  it('ignores case', () => {
    assert.equal(isJsonContentType('Application/JSON'), true);
  });

  it('rejects application/*+json, which the functions framework does not parse', () => {
    assert.equal(isJsonContentType('application/vnd.mackerel+json'), false);
    assert.equal(isJsonContentType('application/problem+json; charset=utf-8'), false);
  });

  it('rejects other media types', () => {
    for (const type of [
      'text/plain',
      'text/json',
      'text/plain; charset=application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'application/json-seq',
      'text/vnd.x+json',
      'application/json+xml',
      '',
    ]) {
      assert.equal(isJsonContentType(type), false, type);
    }
  });

  it('rejects a missing Content-Type', () => {
    assert.equal(isJsonContentType(undefined), false);
  });
});

describe('MAX_WEBHOOK_BODY_BYTES', () => {
  it('is 1 MiB', () => {
    assert.equal(MAX_WEBHOOK_BODY_BYTES, 1_048_576);
  });
});
