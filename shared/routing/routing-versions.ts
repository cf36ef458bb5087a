/**
 * A stamp of one org's routing configuration (its org record, routes and silences, and every MSP-wide
 * route and silence): it changes whenever msp-ops writes any of them, so a cached configuration can be
 * checked with one cheap read instead of loaded again.
 */
export interface RoutingVersions {
  versionOf(org: string): Promise<string>;
}
