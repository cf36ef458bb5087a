import type { z } from 'zod';
import type { RouterRoutingConfig, RoutingConfigSource } from '../../../shared/alerting/router/router-ports';
import type { OrgRecord } from '../../../shared/orgs/org-record';
import {
  type InhibitRule,
  type InhibitRuleInput,
  inhibitRuleSchema,
} from '../../../shared/routing/inhibition/inhibit-rule-schema';
import {
  type DefaultRoute,
  defaultRouteSchema,
  type MspRoute,
  type MspRouteInput,
  mspRouteSchema,
  type Route,
  type RouteInput,
  routeSchema,
} from '../../../shared/routing/route-schema';
import { type Silence, type SilenceInput, silenceSchema } from '../../../shared/routing/silence-schema';
import type { Faults } from './step-faults';

/** Routing data as plain values, parsed through the real schemas. */
export class InMemoryRouting implements RoutingConfigSource {
  org: OrgRecord | undefined;
  routes: Route[] = [];
  defaultRoute: DefaultRoute | undefined;
  mspRoutes: MspRoute[] = [];
  silences: Silence[] = [];
  inhibitRules: InhibitRule[] = [];
  loads = 0;
  constructor(private readonly faults: Faults) {}

  putRoute(route: RouteInput): this {
    this.routes = [...this.routes.filter((r) => r.id !== route.id), routeSchema.parse(route)];
    return this;
  }
  putMspRoute(route: MspRouteInput): this {
    this.mspRoutes = [...this.mspRoutes.filter((r) => r.id !== route.id), mspRouteSchema.parse(route)];
    return this;
  }
  putSilence(silence: SilenceInput): this {
    this.silences = [...this.silences.filter((s) => s.id !== silence.id), silenceSchema.parse(silence)];
    return this;
  }
  putInhibitRule(rule: InhibitRuleInput): this {
    this.inhibitRules = [...this.inhibitRules.filter((r) => r.id !== rule.id), inhibitRuleSchema.parse(rule)];
    return this;
  }
  setDefaultRoute(route: z.input<typeof defaultRouteSchema> | undefined): this {
    this.defaultRoute = route === undefined ? undefined : defaultRouteSchema.parse(route);
    return this;
  }

  async load(): Promise<RouterRoutingConfig> {
    this.faults.hit('routing.load', 'before');
    this.loads++;
    this.faults.hit('routing.load', 'after');
    return {
      org: this.org,
      orgRoutes: this.routes.filter((r) => r.enabled).sort((a, b) => a.order - b.order),
      defaultRoute: this.defaultRoute ?? this.org?.defaultRoute,
      mspRoutes: this.mspRoutes.filter((r) => r.enabled),
      silences: this.silences,
      inhibitRules: this.inhibitRules.filter((r) => r.enabled),
      problems: [],
    };
  }
}
