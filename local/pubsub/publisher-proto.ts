import type { ServiceDefinition } from '@grpc/proto-loader';
import { loadGoogleService } from '../grpc/load-google-proto';

/** The Publisher service, from the protos inside the installed @google-cloud/pubsub. */
export function loadPublisherService(): ServiceDefinition {
  return loadGoogleService(
    '@google-cloud/pubsub',
    'google/pubsub/v1/pubsub.proto',
    'google.pubsub.v1.Publisher',
  );
}
