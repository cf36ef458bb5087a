import type { ProbeHost } from '../../../shared/probes/probe-host';

/** A web host with one IPv4 and one IPv6 interface, link-local IPv6 listed first as agents report it. */
export const web01: ProbeHost = {
  id: '2dZhost01',
  name: 'web01',
  customIdentifier: 'i-0abc',
  status: 'working',
  roles: ['shop:web'],
  interfaces: [
    { name: 'lo', ipv4: ['127.0.0.1'], ipv6: ['::1'] },
    { name: 'eth0', ipv4: ['198.51.100.10', '198.51.100.11'], ipv6: ['fe80::1', '2001:db8::10'] },
    { name: 'eth1', ipv4: ['10.0.0.10'], ipv6: [] },
  ],
};

export const hostOf = (id: string, overrides: Partial<ProbeHost> = {}): ProbeHost => ({
  id,
  name: `host-${id}`,
  status: 'working',
  roles: [],
  interfaces: [{ name: 'eth0', ipv4: ['203.0.113.7'], ipv6: [] }],
  ...overrides,
});
