import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dedupKey } from '../../../../shared/mackerel/webhook/dedup-key';
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import { REPO_ROOT } from '../../../support/repo-root';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/mackerel');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

function keyOf(body: unknown): string {
  const result = parseWebhookBody(body);
  if (!result.ok) assert.fail(JSON.stringify(result.issues));
  return dedupKey(result.event);
}

/** The same data with every object's keys in reverse order, as another delivery might write them. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}

function withAlert(name: string, alert: Record<string, unknown>, top: Record<string, unknown> = {}) {
  const body = fixture(name);
  return { ...body, ...top, alert: { ...(body.alert as object), ...alert } };
}

const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

describe('dedupKey', () => {
  it('is 32 lower-case hex characters and unique per fixture', () => {
    const keys = files.map((name) => keyOf(fixture(name)));
    for (const key of keys) assert.match(key, /^[0-9a-f]{32}$/);
    assert.equal(new Set(keys).size, files.length);
  });

  it('is stable across processes and releases (golden values)', () => {
    // Keys already stored by the router must keep matching redeliveries after a deploy.
    assert.equal(keyOf(fixture('alert-host-critical.json')), '511cf0e935e447fa055720f24f219bcf');
    assert.equal(keyOf(fixture('hostStatus.json')), '68bc4e9df83d7dda31cad3e01a747516');
  });

  it('ignores key order for every event type', () => {
    for (const name of files) {
      const body = fixture(name);
      const reordered = reverseKeys(body);
      assert.notEqual(
        JSON.stringify(reordered),
        JSON.stringify(body),
        `${name}: reorder must change the text`,
      );
      assert.equal(keyOf(reordered), keyOf(body), name);
    }
  });

  describe('for alerts', () => {
    const critical = 'alert-host-critical.json';

    it('changes when the status changes', () => {
      const warning = withAlert(critical, { status: 'warning' });
      assert.notEqual(keyOf(warning), keyOf(fixture(critical)));
    });

    it('differs between an open alert and its close', () => {
      assert.notEqual(keyOf(fixture('alert-host-ok.json')), keyOf(fixture(critical)));
      const closedAtSameTime = withAlert(critical, { isOpen: false, status: 'ok', closedAt: 1767225600 });
      const reopenedAtSameTime = withAlert(critical, { status: 'ok' });
      assert.notEqual(keyOf(closedAtSameTime), keyOf(reopenedAtSameTime));
    });

    it('changes with the event time', () => {
      assert.notEqual(keyOf(withAlert(critical, { statusChangedAt: 1767229999 })), keyOf(fixture(critical)));
    });

    it('does not depend on the case Mackerel wrote the status in', () => {
      assert.equal(keyOf(withAlert(critical, { status: 'CRITICAL' })), keyOf(fixture(critical)));
    });

    it('is keyed on the alert state, not on display data or the host', () => {
      const reworded = withAlert(
        critical,
        { metricValue: 99.1 },
        {
          message: 'CPU % 99.1 > 90',
          imageUrl: null,
          host: { id: '3xOther', name: 'renamed', status: 'maintenance', roles: [] },
        },
      );
      assert.equal(keyOf(reworded), keyOf(fixture(critical)));
    });

    it('keys host-less alerts on the alert id', () => {
      const query = fixture('alert-query.json');
      assert.notEqual(keyOf(withAlert('alert-query.json', { id: '4AlrtQry002' })), keyOf(query));
      const external = withAlert('alert-external-no-service.json', { id: '4AlrtQry001', status: 'critical' });
      assert.equal(keyOf(external), keyOf(query), 'same org, id, state and time: same key whatever the type');
    });

    it('differs between organizations', () => {
      assert.notEqual(keyOf({ ...fixture(critical), orgName: 'other-org' }), keyOf(fixture(critical)));
    });

    it('matches across the webhook and EventBridge deliveries of the same alert', () => {
      const { imageUrl, type, message, ...rest } = fixture(critical);
      assert.ok(imageUrl !== undefined && type !== undefined && message !== undefined);
      const bridged = {
        ...rest,
        resourceInfo: { service: null, region: null, accountId: null, resourceType: null, resourceId: null },
      };
      assert.equal(keyOf(bridged), keyOf(fixture(critical)));
    });
  });

  describe('for alert groups', () => {
    const group = fixture('alertGroup-open.json');
    const withGroup = (patch: Record<string, unknown>) => ({
      ...group,
      alertGroup: { ...(group.alertGroup as object), ...patch },
    });

    it('changes with status and close, not with the group setting', () => {
      assert.notEqual(keyOf(withGroup({ status: 'WARNING' })), keyOf(group));
      assert.notEqual(keyOf(withGroup({ status: 'OK', closedAt: 1767229000 })), keyOf(group));
      assert.equal(keyOf({ ...group, alertGroupSetting: { id: 'x', name: 'renamed' } }), keyOf(group));
    });

    it('does not collide with an alert of the same id, status and time', () => {
      const lookalike = {
        orgName: 'acme-prod',
        event: 'alert',
        alert: { id: '8AgId00001', status: 'critical', isOpen: true, openedAt: 1767225600 },
      };
      assert.notEqual(keyOf(lookalike), keyOf(group));
    });
  });

  describe('for events without a timestamp', () => {
    it('changes with any change to the body', () => {
      const status = fixture('hostStatus.json');
      const host = status.host as Record<string, unknown>;
      assert.notEqual(keyOf({ ...status, host: { ...host, status: 'working' } }), keyOf(status));
      assert.notEqual(keyOf({ ...status, fromStatus: 'standby' }), keyOf(status));
      assert.notEqual(keyOf({ ...status, user: null }), keyOf(status));
      assert.notEqual(
        keyOf({ ...fixture('hostRegister.json'), event: 'hostRetire' }),
        keyOf(fixture('hostRegister.json')),
      );
    });

    it('keys unknown event types on their whole body too', () => {
      const body = { orgName: 'acme-prod', event: 'notYetInvented', detail: { b: 1, a: [1, 2] } };
      assert.equal(keyOf(reverseKeys(body)), keyOf(body));
      assert.notEqual(keyOf({ ...body, detail: { b: 1, a: [2, 1] } }), keyOf(body));
    });
  });
});
