/** A message as stored after Publish: what every subscription of its topic gets pushed. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
  /** RFC 3339, UTC. */
  readonly publishTime: string;
}

export interface MessageInput {
  data: Buffer;
  attributes: Record<string, string>;
}
