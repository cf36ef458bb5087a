import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orgRecordSchema } from '../../../shared/orgs/org-record';
import { defaultRouteSchema, mspRouteSchema, routeSchema } from '../../../shared/routing/route-schema';

const issuesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) ?? [];

const minimalRoute = { id: 'shop', name: 'shop team', order: 10, recipients: { to: ['shop@example.com'] } };

describe('routeSchema', () => {
  it('fills the defaults: every event, no continue, enabled, 5 min group, 4 h repeat, no cc', () => {
    assert.deepEqual(routeSchema.parse(minimalRoute), {
      ...minimalRoute,
      match: {},
      continue: false,
      enabled: true,
      recipients: { to: ['shop@example.com'], cc: [] },
      groupIntervalSeconds: 300,
      repeatIntervalSeconds: 14_400,
    });
  });

  it('accepts every matcher', () => {
    const match = {
      eventTypes: ['alert'],
      alertTypes: ['host', 'service'],
      minSeverity: 'unknown',
      services: ['shop'],
      roles: ['shop:web'],
      hostNameGlob: 'web-??',
      monitorNameGlob: ' CPU*',
    };
    assert.deepEqual(routeSchema.parse({ ...minimalRoute, match }).match, match);
  });

  it('rejects a misspelt matcher or field instead of widening the route', () => {
    assert.deepEqual(
      issuesOf(routeSchema.safeParse({ ...minimalRoute, match: { minSeverty: 'critical' } })),
      ['match: Unrecognized key: "minSeverty"'],
    );
    assert.deepEqual(issuesOf(routeSchema.safeParse({ ...minimalRoute, contiue: true })), [
      ': Unrecognized key: "contiue"',
    ]);
  });

  it('rejects bad matcher values', () => {
    const bad = (match: unknown) => issuesOf(routeSchema.safeParse({ ...minimalRoute, match }));
    assert.deepEqual(bad({ services: [] }), ['match.services: Too small: expected array to have >=1 items']);
    assert.deepEqual(bad({ roles: ['shop: web'] }), [
      'match.roles.0: expected "service:role" without spaces',
    ]);
    assert.deepEqual(bad({ roles: ['shop'] }), ['match.roles.0: expected "service:role" without spaces']);
    assert.equal(bad({ minSeverity: 'ok' }).length, 1);
    assert.equal(bad({ minSeverity: 'CRITICAL' }).length, 1);
    assert.deepEqual(bad({ hostNameGlob: 'web\\' }), [
      'match.hostNameGlob: a glob must not end with a lone backslash',
    ]);
  });

  it('requires at least one valid to address and valid cc addresses', () => {
    const bad = (recipients: unknown) => issuesOf(routeSchema.safeParse({ ...minimalRoute, recipients }));
    assert.equal(bad({ to: [] }).length, 1);
    assert.equal(bad({ to: ['not an address'] }).length, 1);
    assert.equal(bad({ to: ['a@example.com'], cc: ['nope'] }).length, 1);
  });

  it('checks intervals and order', () => {
    const bad = (extra: object) => issuesOf(routeSchema.safeParse({ ...minimalRoute, ...extra }));
    assert.deepEqual(bad({ groupIntervalSeconds: 600, repeatIntervalSeconds: 300 }), [
      'repeatIntervalSeconds: must not be shorter than groupIntervalSeconds',
    ]);
    assert.equal(bad({ groupIntervalSeconds: 0 }).length, 1);
    assert.equal(bad({ groupIntervalSeconds: 1.5 }).length, 1);
    assert.equal(bad({ order: '10' }).length, 1);
    assert.equal(bad({ id: 'a/b' }).length, 1);
    assert.deepEqual(bad({ order: 12.5 }), []);
  });
});

describe('mspRouteSchema and defaultRouteSchema', () => {
  it('lets an MSP route name the orgs it is for, by slug', () => {
    assert.deepEqual(mspRouteSchema.parse({ ...minimalRoute, orgs: ['acme-prod'] }).orgs, ['acme-prod']);
    assert.equal(mspRouteSchema.safeParse({ ...minimalRoute, orgs: [] }).success, false);
    assert.equal(mspRouteSchema.safeParse({ ...minimalRoute, orgs: ['not a slug'] }).success, false);
    assert.equal(routeSchema.safeParse({ ...minimalRoute, orgs: ['acme-prod'] }).success, false);
  });

  it('gives the default route recipients and intervals only', () => {
    assert.deepEqual(defaultRouteSchema.parse({ recipients: { to: ['oncall@example.com'] } }), {
      recipients: { to: ['oncall@example.com'], cc: [] },
      groupIntervalSeconds: 300,
      repeatIntervalSeconds: 14_400,
    });
    assert.equal(
      defaultRouteSchema.safeParse({ recipients: { to: ['a@example.com'] }, match: {} }).success,
      false,
    );
  });
});

describe('orgRecordSchema', () => {
  const written = {
    name: 'acme-prod',
    displayName: 'ACME (prod)',
    enabled: true,
    language: 'en',
    createdAt: '2026-01-01T00:00:00.000Z',
  };

  it('still parses a record written before contacts, networks and memo existed', () => {
    assert.deepEqual(orgRecordSchema.parse(written), {
      ...written,
      contacts: [],
      declaredNetworks: [],
      memo: '',
    });
  });

  it('parses every field', () => {
    const full = {
      ...written,
      contacts: [
        { name: 'Ops lead', email: 'lead@acme.example', role: 'primary' },
        { name: 'Billing', email: 'bill@acme.example' },
      ],
      hostQuota: { warn: 40, max: 50 },
      declaredNetworks: ['203.0.113.0/24', '2001:db8::/32'],
      memo: 'reseller contract #12',
      defaultRoute: {
        recipients: { to: ['oncall@acme.example'], cc: [] },
        groupIntervalSeconds: 120,
        repeatIntervalSeconds: 3600,
      },
    };
    assert.deepEqual(orgRecordSchema.parse(full), full);
  });

  it('rejects bad contacts, quotas and networks', () => {
    const bad = (extra: object) => issuesOf(orgRecordSchema.safeParse({ ...written, ...extra }));
    assert.equal(bad({ contacts: [{ name: 'x', email: 'nope' }] }).length, 1);
    assert.deepEqual(bad({ hostQuota: { warn: 60, max: 50 } }), ['hostQuota.warn: must not exceed max']);
    assert.deepEqual(bad({ declaredNetworks: ['203.0.113.0'] }), [
      'declaredNetworks.0: expected a CIDR such as 203.0.113.0/24',
    ]);
    assert.equal(bad({ declaredNetworks: ['203.0.113.0/33'] }).length, 1);
    assert.equal(bad({ declaredNetworks: ['example.com/24'] }).length, 1);
    assert.equal(bad({ defaultRoute: { recipients: { to: [] } } }).length, 1);
  });
});

describe('route targets', () => {
  const { recipients: _recipients, ...noRecipients } = minimalRoute;

  it('a route without targets mails; a chat-only route needs no recipients', () => {
    assert.equal(routeSchema.parse(minimalRoute).targets, undefined);
    const paging = routeSchema.parse({
      ...noRecipients,
      targets: [{ kind: 'pagerduty', routingKeySecret: 'pd-oncall' }],
    });
    assert.deepEqual(paging.targets, [{ kind: 'pagerduty', routingKeySecret: 'pd-oncall' }]);
  });

  it('refuses, naming the field: mail without recipients, an unknown kind, a bad secret name, a target twice', () => {
    assert.deepEqual(issuesOf(routeSchema.safeParse(noRecipients)), [
      'recipients: required while the route mails (targets include email, or are left out)',
    ]);
    assert.deepEqual(issuesOf(routeSchema.safeParse({ ...noRecipients, targets: [{ kind: 'email' }] })), [
      'recipients: required while the route mails (targets include email, or are left out)',
    ]);
    assert.match(
      issuesOf(routeSchema.safeParse({ ...minimalRoute, targets: [{ kind: 'sms', number: '1' }] })).join(),
      /^targets\.0\.kind: /,
    );
    assert.match(
      issuesOf(
        routeSchema.safeParse({
          ...minimalRoute,
          targets: [{ kind: 'slack', webhookUrlSecret: 'https://hooks' }],
        }),
      ).join(),
      /^targets\.0\.webhookUrlSecret: expected a Secret Manager secret id/,
    );
    const twice = { kind: 'slack', webhookUrlSecret: 'noc' };
    assert.deepEqual(issuesOf(routeSchema.safeParse({ ...minimalRoute, targets: [twice, twice] })), [
      'targets.1: slack:noc is listed twice',
    ]);
    // A webhook URL pasted where the secret's name belongs is refused, so it never lands in Firestore.
    assert.equal(
      routeSchema.safeParse({ ...noRecipients, targets: [{ kind: 'teams', webhookUrl: 'https://x' }] })
        .success,
      false,
    );
  });
});
