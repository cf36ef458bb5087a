import assert from 'node:assert/strict';
import { create, type Domain } from 'node:domain';
import { describe, it } from 'node:test';
import { outsideRequestDomain } from '../../../../shared/platform/http/outside-request-domain';

const activeDomain = () => (process as { domain?: Domain | null }).domain ?? undefined;

describe('outsideRequestDomain', () => {
  it('runs the handler, and what it awaits, outside the domain the framework entered', async () => {
    const seen: Array<Domain | undefined> = [];
    const handler = outsideRequestDomain(async (label: string) => {
      seen.push(activeDomain());
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(activeDomain());
      return `done ${label}`;
    });
    const request = create();
    let inside: Domain | undefined;
    const result = await new Promise<string>((resolve, reject) =>
      request.run(() => {
        inside = activeDomain();
        handler('push').then(resolve, reject);
      }),
    );
    assert.equal(inside, request, 'the test itself ran inside the domain');
    assert.equal(result, 'done push');
    assert.deepEqual(seen, [undefined, undefined]);
  });

  it('outside any domain it only calls the handler', () => {
    assert.equal(outsideRequestDomain((n: number) => n * 2)(21), 42);
  });
});
