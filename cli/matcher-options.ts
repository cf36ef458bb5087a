import { type Command, Option } from 'commander';
import { z } from 'zod';
import { type RouteMatch, routeMatchSchema } from '../shared/routing/route-schema';
import { minSeveritySchema } from '../shared/routing/severity';
import { listOf, parsedBy } from './option-parsers';

const name = z.string().trim().min(1);
const roleSchema = routeMatchSchema.shape.roles.unwrap().element;
const globSchema = routeMatchSchema.shape.hostNameGlob.unwrap();

/** The matcher options routes and silences share, named as operators say them. */
export function addMatcherOptions(command: Command): Command {
  return command
    .option('--service <name>', 'service; repeatable or comma-separated, any one matches', listOf(name))
    .option(
      '--role <service:role>',
      'role as `service:role`; repeatable or comma-separated',
      listOf(roleSchema),
    )
    .option('--host <glob>', 'host name glob (`*`, `?`, `\\` escapes; case-sensitive)', parsedBy(globSchema))
    .option('--monitor <glob>', 'monitor name glob', parsedBy(globSchema))
    .addOption(
      new Option('--min-severity <level>', 'at least this severity').choices(minSeveritySchema.options),
    )
    .option(
      '--event-type <type>',
      'webhook event type (alert, alertGroup, hostStatus, ...); repeatable',
      listOf(name),
    )
    .option('--alert-type <type>', 'monitor type (host, service, expression, ...); repeatable', listOf(name));
}

/** The options addMatcherOptions adds, as commander hands them over. */
export const matcherOptionsShape = {
  service: z.array(z.string()).optional(),
  role: z.array(z.string()).optional(),
  host: z.string().optional(),
  monitor: z.string().optional(),
  minSeverity: minSeveritySchema.optional(),
  eventType: z.array(z.string()).optional(),
  alertType: z.array(z.string()).optional(),
};

const matcherOptionsSchema = z.object(matcherOptionsShape);
type MatcherOptions = z.infer<typeof matcherOptionsSchema>;

/** The stored matchers; options not given stay undefined, which the store leaves out (absent: any). */
export function matchersOf(options: MatcherOptions): RouteMatch {
  return {
    services: options.service,
    roles: options.role,
    hostNameGlob: options.host,
    monitorNameGlob: options.monitor,
    minSeverity: options.minSeverity,
    eventTypes: options.eventType,
    alertTypes: options.alertType,
  };
}
