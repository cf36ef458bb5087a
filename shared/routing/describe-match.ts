import type { RouteMatch } from './route-schema';

/** `service=shop,blog host=web-* min=critical`, in the option names; `any event` with no matchers. */
export function describeMatch(match: RouteMatch & { orgs?: readonly string[] }): string {
  const parts: [string, string | readonly string[] | undefined][] = [
    ['org', match.orgs],
    ['event', match.eventTypes],
    ['type', match.alertTypes],
    ['service', match.services],
    ['role', match.roles],
    ['host', match.hostNameGlob],
    ['monitor', match.monitorNameGlob],
    ['min', match.minSeverity],
  ];
  const shown = parts.flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${typeof value === 'string' ? value : value.join(',')}`],
  );
  return shown.length > 0 ? shown.join(' ') : 'any event';
}
