import { z } from 'zod';
import { feedUnitSchema } from '../model/byte-unit';
import { DOT_PATH_PATTERN } from './dot-path';
import { epochOrIsoSchema, naiveTimeZoneSchema } from './parse-timestamp';

/** Name of a Secret Manager secret holding an API token (the value never sits in a contract document). */
const secretNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'expected a Secret Manager secret name');

const dotPathSchema = z.string().regex(DOT_PATH_PATTERN, 'expected a dot path such as data.items');

/** Where hour and bytes sit in an imported CSV (console export, or logs rolled up). */
export const csvMappingSchema = z.object({
  timestampColumn: z.string().trim().min(1).default('hour_start_utc'),
  bytesColumn: z.string().trim().min(1).default('bytes'),
  unit: feedUnitSchema.default('B'),
  /** Zone of timestamps written without an offset. */
  timeZone: naiveTimeZoneSchema.default('UTC'),
});
export type CsvMapping = z.infer<typeof csvMappingSchema>;

/** Volume is imported from files, never polled. */
export const csvSourceSchema = z.object({
  kind: z.literal('csv'),
  mapping: csvMappingSchema.prefault({}),
});

/**
 * Any JSON API that lists (timestamp, bytes) items, set up by configuration so J-Stream CDNext works the
 * day its spec arrives. One GET per range, no pagination.
 */
export const httpJsonSourceSchema = z.object({
  kind: z.literal('http-json'),
  /** `https://api.example/traffic?from={from}&to={to}`: both placeholders are filled in. */
  urlTemplate: z
    .string()
    .refine((t) => t.includes('{from}') && t.includes('{to}'), 'must contain {from} and {to}')
    .refine((t) => URL.canParse(t.replace('{from}', '0').replace('{to}', '0')), 'not a URL')
    .refine((t) => /^https?:\/\//.test(t), 'must be http(s)'),
  method: z.literal('GET').default('GET'),
  queryTimeFormat: epochOrIsoSchema.default('iso'),
  authHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name')
    .default('Authorization'),
  /** Written before the token, such as `Bearer ` (with its space). */
  authPrefix: z.string().default(''),
  tokenSecret: secretNameSchema,
  /** Dot path to the array of items; empty when the body itself is the array. */
  itemsPath: z.union([z.literal(''), dotPathSchema]).default(''),
  timestampField: dotPathSchema,
  timestampFormat: epochOrIsoSchema.default('iso'),
  /** Zone of timestamps written without an offset. */
  timestampTimeZone: naiveTimeZoneSchema.default('UTC'),
  bytesField: dotPathSchema,
  valueUnit: feedUnitSchema.default('B'),
});
export type HttpJsonSourceConfig = z.infer<typeof httpJsonSourceSchema>;

export const fastlySourceSchema = z.object({
  kind: z.literal('fastly'),
  serviceId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'expected a Fastly service id'),
  tokenSecret: secretNameSchema,
  /**
   * `bandwidth` also counts bytes to backends; `edge-response` (edge_resp_header_bytes +
   * edge_resp_body_bytes) is delivery to end users only.
   */
  egress: z.enum(['bandwidth', 'edge-response']).default('edge-response'),
});
export type FastlySourceConfig = z.infer<typeof fastlySourceSchema>;

export const cloudflareSourceSchema = z.object({
  kind: z.literal('cloudflare'),
  zoneTag: z.string().regex(/^[a-f0-9]{32}$/, 'expected a Cloudflare zone id (32 hex digits)'),
  tokenSecret: secretNameSchema,
});
export type CloudflareSourceConfig = z.infer<typeof cloudflareSourceSchema>;

export const usageSourceConfigSchema = z.discriminatedUnion('kind', [
  csvSourceSchema,
  httpJsonSourceSchema,
  fastlySourceSchema,
  cloudflareSourceSchema,
]);
export type UsageSourceConfig = z.infer<typeof usageSourceConfigSchema>;
/** The sources a poller can call; CSV volume arrives by import. */
export type PolledSourceConfig = Exclude<UsageSourceConfig, { kind: 'csv' }>;
