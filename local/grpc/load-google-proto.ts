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
 * One gRPC service from the protos that ship inside an installed Google Cloud client, so a local server
 * speaks exactly the API version the client was generated from. google-gax (whose protos hold the
 * google/api and google/iam imports) is resolved from the client's own folder, so a copy the client nests
 * supplies them.
 */
export function loadGoogleService(
  clientPackage: string,
  protoFile: string,
  serviceName: string,
): ServiceDefinition {
  const clientEntry = require.resolve(clientPackage);
  const gaxEntry = require.resolve('google-gax', { paths: [dirname(clientEntry)] });
  const definition = loadSync(protoFile, {
    includeDirs: [
      join(packageRoot(clientEntry, clientPackage), 'build', 'protos'),
      join(packageRoot(gaxEntry, 'google-gax'), 'build', 'protos'),
    ],
    // camelCase field names and filled-in defaults: handlers read `messageIds`, `pageSize`, empty `attributes`.
    keepCase: false,
    defaults: true,
    longs: String,
    enums: String,
    oneofs: true,
  });
  const service = definition[serviceName];
  if (service === undefined || 'format' in service) throw new Error(`${serviceName} not in proto`);
  return service;
}
