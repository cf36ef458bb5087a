import { dirname, join } from 'node:path';
import { loadSync, type ServiceDefinition } from '@grpc/proto-loader';

/** `<package>/build/protos`, found from the package's main entry (`<package>/build/src/index.js`). */
const protosBeside = (entry: string) => join(dirname(entry), '..', 'protos');

/**
 * The SecretManagerService from the protos shipped inside the installed client, so the local server
 * speaks exactly the API version the client was generated from. The client nests its own google-gax (whose
 * protos hold the google/api and google/iam imports), so gax is resolved from the client's folder.
 */
export function loadSecretManagerService(): ServiceDefinition {
  const clientEntry = require.resolve('@google-cloud/secret-manager');
  const gaxEntry = require.resolve('google-gax', { paths: [dirname(clientEntry)] });
  const definition = loadSync('google/cloud/secretmanager/v1/service.proto', {
    includeDirs: [protosBeside(clientEntry), protosBeside(gaxEntry)],
    keepCase: false,
    defaults: true,
    longs: String,
    enums: String,
    oneofs: true,
  });
  const service = definition['google.cloud.secretmanager.v1.SecretManagerService'];
  if (service === undefined || 'format' in service) {
    throw new Error('google.cloud.secretmanager.v1.SecretManagerService not in proto');
  }
  return service;
}
