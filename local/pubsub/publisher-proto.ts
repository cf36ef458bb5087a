import { dirname, join } from 'node:path';
import { loadSync, type ServiceDefinition } from '@grpc/proto-loader';

/** Folder of a package, found through its main entry because some packages' `exports` hide package.json. */
function packageRoot(entry: string, packageName: string): string {
  const marker = join('node_modules', ...packageName.split('/'));
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot locate ${packageName} from ${entry}`);
  return entry.slice(0, at + marker.length);
}

/**
 * The Publisher service from the protos that ship inside the installed client, so the server speaks exactly
 * the API version the client was generated from. google-gax is resolved from the client's own folder so a
 * nested copy (if npm ever nests one) supplies the imports.
 */
export function loadPublisherService(): ServiceDefinition {
  const pubsubEntry = require.resolve('@google-cloud/pubsub');
  const gaxEntry = require.resolve('google-gax', { paths: [dirname(pubsubEntry)] });
  const definition = loadSync('google/pubsub/v1/pubsub.proto', {
    includeDirs: [
      join(packageRoot(pubsubEntry, '@google-cloud/pubsub'), 'build', 'protos'),
      join(packageRoot(gaxEntry, 'google-gax'), 'build', 'protos'),
    ],
    // camelCase field names and filled-in defaults: handlers read `messageIds`, `pageSize`, empty `attributes`.
    keepCase: false,
    defaults: true,
    longs: String,
    enums: String,
    oneofs: true,
  });
  const service = definition['google.pubsub.v1.Publisher'];
  if (service === undefined || 'format' in service) {
    throw new Error('google.pubsub.v1.Publisher not in proto');
  }
  return service;
}
