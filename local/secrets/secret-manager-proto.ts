import type { ServiceDefinition } from '@grpc/proto-loader';
import { loadGoogleService } from '../grpc/load-google-proto';

/** The SecretManagerService, from the protos inside the installed @google-cloud/secret-manager. */
export function loadSecretManagerService(): ServiceDefinition {
  return loadGoogleService(
    '@google-cloud/secret-manager',
    'google/cloud/secretmanager/v1/service.proto',
    'google.cloud.secretmanager.v1.SecretManagerService',
  );
}
