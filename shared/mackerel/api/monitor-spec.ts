import { z } from 'zod';

/**
 * A monitor as `POST /api/v0/monitors` and `PUT /api/v0/monitors/<id>` accept it, one schema per type the
 * API documents, with the API's own limits, so a rendered template is refused here, before any call,
 * for what Mackerel would answer 400 to. Objects are strict: a misspelt key is an error, not a silent
 * default. Server-side keys (id) are not part of a spec.
 */

/** Mackerel's limit on monitor and downtime memos. */
export const MEMO_MAX_CHARS = 250;
export const NAME_MAX_CHARS = 250;

/** Mackerel's service names: letters, digits, `-` and `_`, 2 to 63 characters. */
export const serviceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$/, 'expected a Mackerel service name (2-63 of A-Z a-z 0-9 _ -)');

/** `service` or `service: role`, as monitor scopes name them. */
export const scopeSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{1,62}(?::\s?[A-Za-z0-9][A-Za-z0-9_-]{0,62})?$/,
    'expected `service` or `service: role`',
  );

const scopes = z.array(scopeSchema);
const operatorSchema = z.enum(['>', '<']);
/** Either threshold may be null (not judged); the API needs at least one. */
const threshold = z.number().nullable().optional();
const attempts = z.int().min(1).max(10);
/** Host and service metric monitors average over 1 to 10 minutes (points). */
const duration = z.int().min(1).max(10);
const missingDuration = z
  .int()
  .min(10)
  .max(7 * 24 * 60)
  .refine((minutes) => minutes % 10 === 0, { message: 'must be a multiple of 10 minutes' });

const common = {
  name: z.string().trim().min(1).max(NAME_MAX_CHARS),
  memo: z.string().max(MEMO_MAX_CHARS).optional(),
  /** Minutes between re-notifications; absent: none. */
  notificationInterval: z.int().min(10).optional(),
  isMute: z.boolean().optional(),
};

const thresholds = {
  operator: operatorSchema,
  warning: threshold,
  critical: threshold,
};

const needsAThreshold = (m: { warning?: number | null; critical?: number | null }) =>
  m.warning != null || m.critical != null;
const thresholdRule = { message: 'give warning, critical or both', path: ['warning'] };

export const hostMonitorSpecSchema = z
  .strictObject({
    type: z.literal('host'),
    ...common,
    metric: z.string().min(1),
    ...thresholds,
    duration,
    maxCheckAttempts: attempts.optional(),
    scopes: scopes.optional(),
    excludeScopes: scopes.optional(),
  })
  .refine(needsAThreshold, thresholdRule);

export const connectivityMonitorSpecSchema = z.strictObject({
  type: z.literal('connectivity'),
  ...common,
  scopes: scopes.optional(),
  excludeScopes: scopes.optional(),
  alertStatusOnGone: z.enum(['CRITICAL', 'WARNING']).optional(),
});

export const serviceMonitorSpecSchema = z
  .strictObject({
    type: z.literal('service'),
    ...common,
    service: serviceNameSchema,
    metric: z.string().min(1),
    ...thresholds,
    duration,
    maxCheckAttempts: attempts.optional(),
    missingDurationWarning: missingDuration.optional(),
    missingDurationCritical: missingDuration.optional(),
  })
  .refine(needsAThreshold, thresholdRule);

const headerSchema = z.strictObject({ name: z.string().min(1), value: z.string() });

export const externalMonitorSpecSchema = z
  .strictObject({
    type: z.literal('external'),
    ...common,
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
    /** Where response times are graphed; needed by the response time thresholds. */
    service: serviceNameSchema.optional(),
    responseTimeWarning: z.number().positive().optional(),
    responseTimeCritical: z.number().positive().optional(),
    /** Minutes averaged. */
    responseTimeDuration: z.int().min(1).max(10).optional(),
    containsString: z.string().optional(),
    maxCheckAttempts: attempts.optional(),
    /** Days before the certificate expires. */
    certificationExpirationWarning: z.int().min(0).optional(),
    certificationExpirationCritical: z.int().min(0).optional(),
    skipCertificateVerification: z.boolean().optional(),
    headers: z.array(headerSchema).optional(),
    requestBody: z.string().optional(),
    followRedirect: z.boolean().optional(),
    /** Unset: any 2xx or 3xx is OK. */
    expectedStatusCode: z.int().min(100).max(599).optional(),
  })
  .refine(
    (m) =>
      m.service !== undefined ||
      (m.responseTimeWarning === undefined &&
        m.responseTimeCritical === undefined &&
        m.responseTimeDuration === undefined),
    { message: 'response time thresholds need a service to graph them in', path: ['service'] },
  )
  .refine((m) => m.requestBody === undefined || m.method !== undefined, {
    message: 'a request body needs a method (POST or PUT)',
    path: ['method'],
  });

export const expressionMonitorSpecSchema = z
  .strictObject({
    type: z.literal('expression'),
    ...common,
    expression: z.string().min(1),
    ...thresholds,
    evaluateBackwardMinutes: z.int().min(2).max(60).optional(),
  })
  .refine(needsAThreshold, thresholdRule);

const sensitivity = z.enum(['insensitive', 'normal', 'sensitive']);

export const anomalyDetectionMonitorSpecSchema = z
  .strictObject({
    type: z.literal('anomalyDetection'),
    ...common,
    /** Roles (`service: role`) to learn; the API requires at least one. */
    scopes: z.array(scopeSchema).min(1),
    warningSensitivity: sensitivity.optional(),
    criticalSensitivity: sensitivity.optional(),
    maxCheckAttempts: attempts.optional(),
    /** Epoch seconds: learn from this time on. */
    trainingPeriodFrom: z.int().min(0).optional(),
  })
  .refine((m) => m.warningSensitivity !== undefined || m.criticalSensitivity !== undefined, {
    message: 'give warningSensitivity, criticalSensitivity or both',
    path: ['warningSensitivity'],
  });

export const queryMonitorSpecSchema = z
  .strictObject({
    type: z.literal('query'),
    ...common,
    /** PromQL-style, over OpenTelemetry metrics. */
    query: z.string().min(1),
    legend: z.string(),
    ...thresholds,
    evaluateBackwardMinutes: z.int().min(2).max(60).optional(),
  })
  .refine(needsAThreshold, thresholdRule);

export const MONITOR_TYPES = [
  'host',
  'connectivity',
  'service',
  'external',
  'expression',
  'anomalyDetection',
  'query',
] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export const monitorSpecSchema = z.discriminatedUnion('type', [
  hostMonitorSpecSchema,
  connectivityMonitorSpecSchema,
  serviceMonitorSpecSchema,
  externalMonitorSpecSchema,
  expressionMonitorSpecSchema,
  anomalyDetectionMonitorSpecSchema,
  queryMonitorSpecSchema,
]);

export type MonitorSpec = z.infer<typeof monitorSpecSchema>;

/**
 * What Mackerel stores when a key is left out, per type: a spec and a server monitor are compared with
 * these filled in, so leaving a default out of a template is no difference, and removing a key that was
 * set is one (the push sends the default).
 */
export const MONITOR_DEFAULTS: Record<MonitorType, Record<string, unknown>> = {
  host: {
    memo: '',
    isMute: false,
    maxCheckAttempts: 1,
    scopes: [],
    excludeScopes: [],
    warning: null,
    critical: null,
  },
  connectivity: { memo: '', isMute: false, scopes: [], excludeScopes: [], alertStatusOnGone: 'CRITICAL' },
  service: { memo: '', isMute: false, maxCheckAttempts: 1, warning: null, critical: null },
  external: {
    memo: '',
    isMute: false,
    method: 'GET',
    maxCheckAttempts: 1,
    containsString: '',
    skipCertificateVerification: false,
    followRedirect: false,
    headers: [],
    requestBody: '',
  },
  expression: { memo: '', isMute: false, warning: null, critical: null },
  anomalyDetection: { memo: '', isMute: false, maxCheckAttempts: 3 },
  query: { memo: '', isMute: false, warning: null, critical: null },
};

/** The keys each type's spec may hold: only these are compared (a server's newer keys are not ours). */
export const MONITOR_KEYS: Record<MonitorType, readonly string[]> = {
  host: Object.keys(hostMonitorSpecSchema.shape),
  connectivity: Object.keys(connectivityMonitorSpecSchema.shape),
  service: Object.keys(serviceMonitorSpecSchema.shape),
  external: Object.keys(externalMonitorSpecSchema.shape),
  expression: Object.keys(expressionMonitorSpecSchema.shape),
  anomalyDetection: Object.keys(anomalyDetectionMonitorSpecSchema.shape),
  query: Object.keys(queryMonitorSpecSchema.shape),
};
