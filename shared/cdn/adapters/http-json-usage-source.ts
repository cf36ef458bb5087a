import type { SecretReader } from '../../kernel/ports/secret-reader';
import { HTTP_JSON_SOURCE, httpJsonUrl, mapHttpJsonBody } from '../sources/http-json-mapping';
import { errorForStatus, type UsageSource } from '../sources/usage-source';
import type { HttpJsonSourceConfig } from '../sources/usage-source-config';
import { type CdnHttpOptions, callJson } from './call-json';
import { readSourceToken } from './read-source-token';

/**
 * A configured JSON API (J-Stream CDNext once its spec is known). Its error bodies have no known shape, so
 * errors carry the status only.
 */
export function httpJsonUsageSource(
  config: HttpJsonSourceConfig,
  deps: { secrets: SecretReader; http?: CdnHttpOptions },
): UsageSource {
  return {
    async fetchHourly(range) {
      const token = await readSourceToken(deps.secrets, config.tokenSecret);
      return callJson(
        {
          source: HTTP_JSON_SOURCE,
          url: httpJsonUrl(config, range),
          init: {
            method: config.method,
            headers: { [config.authHeader]: `${config.authPrefix}${token}`, Accept: 'application/json' },
          },
          failure: (status) => errorForStatus(HTTP_JSON_SOURCE, status, ''),
          read: (body) => mapHttpJsonBody(body, config, range),
        },
        deps.http,
      );
    },
  };
}
