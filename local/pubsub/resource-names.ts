/** Full resource names as the Pub/Sub API spells them; the server's public API uses short names. */
export const topicPath = (projectId: string, topic: string): string =>
  `projects/${projectId}/topics/${topic}`;

export const subscriptionPath = (projectId: string, subscription: string): string =>
  `projects/${projectId}/subscriptions/${subscription}`;

// Pub/Sub topic IDs: 3-255 chars, start with a letter, not "goog…".
const TOPIC_PATH = /^projects\/[^/]+\/topics\/(?!goog)[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;

export const isValidTopicPath = (name: string): boolean => TOPIC_PATH.test(name);
