import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiHostSchema } from '../../../shared/mackerel/api/host-schema';
import { probeHostOf } from '../../../shared/probes/probe-host';
import {
  isAddressPlaceholder,
  placeholderProblems,
  renderTemplate,
} from '../../../shared/probes/probe-template';
import { web01 } from './probe-fixtures';

const rendered = (template: string) => {
  const outcome = renderTemplate(template, web01);
  assert.ok(outcome.ok, `expected ${template} to render`);
  return outcome.text;
};

const problemOf = (template: string, host = web01) => {
  const outcome = renderTemplate(template, host);
  assert.ok(!outcome.ok, `expected ${template} not to render`);
  return outcome.problem.message;
};

describe('probe templates', () => {
  it('fills every placeholder from the host', () => {
    assert.equal(rendered('https://{{host.name}}.example.jp/health'), 'https://web01.example.jp/health');
    assert.equal(rendered('{{host.id}}/{{ host.customIdentifier }}'), '2dZhost01/i-0abc');
    assert.equal(rendered('{{host.ipv4.eth1}}:5432'), '10.0.0.10:5432');
    assert.equal(rendered('x={{host.ipv4.eth0}}'), 'x=198.51.100.10');
  });

  it('takes the first IPv4 of any interface, skipping loopback', () => {
    assert.equal(rendered('{{host.ipv4}}'), '198.51.100.10');
  });

  it('skips link-local IPv6 and brackets an IPv6 where a port follows or as a URL host', () => {
    assert.equal(rendered('{{host.ipv6.eth0}}:5432'), '[2001:db8::10]:5432');
    assert.equal(rendered('{{host.ipv6}}:22'), '[2001:db8::10]:22');
    assert.equal(rendered('http://{{host.ipv6}}/health'), 'http://[2001:db8::10]/health');
    assert.equal(rendered('[{{host.ipv6}}]:53'), '[2001:db8::10]:53');
    assert.equal(rendered('ip={{host.ipv6}}'), 'ip=2001:db8::10');
  });

  it('names the placeholder and the host when the host cannot fill it', () => {
    const outcome = renderTemplate('{{host.ipv4.eth9}}:22', web01);
    assert.deepEqual(outcome, {
      ok: false,
      problem: {
        placeholder: '{{host.ipv4.eth9}}',
        hostId: '2dZhost01',
        hostName: 'web01',
        message: 'host web01 (2dZhost01) has no interface "eth9" (it has: lo, eth0, eth1)',
      },
    });
    assert.equal(
      problemOf('{{host.ipv6.eth1}}'),
      'interface "eth1" of host web01 (2dZhost01) has no IPv6 address (loopback and link-local do not count)',
    );
    assert.equal(
      problemOf('{{host.customIdentifier}}', { ...web01, customIdentifier: undefined }),
      'host web01 (2dZhost01) has no customIdentifier',
    );
    assert.equal(
      problemOf('{{host.ipv4}}', { ...web01, interfaces: [{ name: 'lo', ipv4: ['127.0.0.1'], ipv6: [] }] }),
      'host web01 (2dZhost01) has no IPv4 address on any interface',
    );
  });

  it('reports unknown placeholders and stray braces at parse time', () => {
    assert.deepEqual(placeholderProblems('https://{{host.name}}/{{host.ipv4.eth0}}'), []);
    const [unknown] = placeholderProblems('{{host.ip}}:22');
    assert.match(unknown ?? '', /^unknown placeholder "\{\{host\.ip\}\}"/);
    assert.equal(placeholderProblems('{{org.name}} {{hostname}}').length, 2);
    assert.deepEqual(placeholderProblems('{{host.name}'), ['unbalanced "{{" or "}}"']);
  });

  it('knows a whole-value address placeholder', () => {
    assert.equal(isAddressPlaceholder('{{host.ipv4.eth0}}'), true);
    assert.equal(isAddressPlaceholder('{{ host.ipv6 }}'), true);
    assert.equal(isAddressPlaceholder('{{host.name}}'), false);
    assert.equal(isAddressPlaceholder('{{host.ipv4}}.x'), false);
  });

  it('maps an API host: roles as service:role, both address fields, retired', () => {
    const host = probeHostOf(
      apiHostSchema.parse({
        id: 'h1',
        name: 'db01',
        status: 'maintenance',
        isRetired: true,
        roles: { shop: ['db', 'batch'] },
        interfaces: [
          { name: 'eth0', ipv4Addresses: ['192.0.2.5'], ipAddress: '192.0.2.5', ipv6Address: '2001:db8::5' },
          { name: 'eth1' },
        ],
      }),
    );
    assert.deepEqual(host, {
      id: 'h1',
      name: 'db01',
      status: 'maintenance',
      roles: ['shop:db', 'shop:batch'],
      isRetired: true,
      interfaces: [
        { name: 'eth0', ipv4: ['192.0.2.5'], ipv6: ['2001:db8::5'] },
        { name: 'eth1', ipv4: [], ipv6: [] },
      ],
    });
  });
});
