import { type handleUnaryCall, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { MessageInput } from './published-message';
import { isValidTopicPath } from './resource-names';
import type { TopicRegistry } from './topic-registry';

// Request and response shapes as @grpc/proto-loader decodes them (camelCase, defaults filled in).
interface Topic {
  name: string;
}
interface TopicRequest {
  topic: string;
}
interface ListTopicsRequest {
  project: string;
  pageSize: number;
  pageToken: string;
}
interface ListTopicsResponse {
  topics: Topic[];
  nextPageToken: string;
}
interface PublishRequest {
  topic: string;
  messages: MessageInput[];
}
interface PublishResponse {
  messageIds: string[];
}

// Error texts follow the real service's wording so client-side logs look familiar.
const notFound = (name: string) => ({
  code: status.NOT_FOUND,
  details: `Resource not found (resource=${name}).`,
});

const invalid = (details: string) => ({ code: status.INVALID_ARGUMENT, details });

/**
 * The Publisher methods the Node client calls. Methods left out are answered UNIMPLEMENTED by grpc-js.
 */
export function publisherHandlers(registry: TopicRegistry): UntypedServiceImplementation {
  const CreateTopic: handleUnaryCall<Topic, Topic> = ({ request }, callback) => {
    if (!isValidTopicPath(request.name)) return callback(invalid(`Invalid resource name (${request.name}).`));
    if (!registry.create(request.name)) {
      return callback({
        code: status.ALREADY_EXISTS,
        details: `Resource already exists in the project (resource=${request.name}).`,
      });
    }
    callback(null, { name: request.name });
  };

  const GetTopic: handleUnaryCall<TopicRequest, Topic> = ({ request }, callback) => {
    if (!registry.has(request.topic)) return callback(notFound(request.topic));
    callback(null, { name: request.topic });
  };

  const ListTopics: handleUnaryCall<ListTopicsRequest, ListTopicsResponse> = ({ request }, callback) => {
    const names = registry.list(request.project);
    // The page token is the offset of the next page; opaque to the client.
    const start = Number(request.pageToken || '0');
    const end = request.pageSize > 0 ? start + request.pageSize : names.length;
    callback(null, {
      topics: names.slice(start, end).map((name) => ({ name })),
      nextPageToken: end < names.length ? String(end) : '',
    });
  };

  const DeleteTopic: handleUnaryCall<TopicRequest, Record<string, never>> = ({ request }, callback) => {
    if (!registry.delete(request.topic)) return callback(notFound(request.topic));
    callback(null, {});
  };

  const Publish: handleUnaryCall<PublishRequest, PublishResponse> = ({ request }, callback) => {
    if (!registry.has(request.topic)) return callback(notFound(request.topic));
    if (request.messages.length === 0) {
      return callback(invalid('A publish request needs at least one message.'));
    }
    // Pub/Sub rejects a message that has neither data nor attributes.
    const empty = request.messages.some((m) => m.data.length === 0 && Object.keys(m.attributes).length === 0);
    if (empty) {
      return callback(invalid('Each message must contain either non-empty data, or at least one attribute.'));
    }
    const published = registry.publish(request.topic, request.messages);
    callback(null, { messageIds: published.map((m) => m.messageId) });
  };

  return { CreateTopic, GetTopic, ListTopics, DeleteTopic, Publish };
}
