import { Server, ServerCredentials } from '@grpc/grpc-js';
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import type { PublishedMessage } from './published-message';
import { publisherHandlers } from './publisher-handlers';
import { loadPublisherService } from './publisher-proto';
import { type DeliveryAttempt, PushSubscriptionWorker } from './push-subscription-worker';
import { topicPath } from './resource-names';
import { type LocalPubSubServerOptions, type ResolvedOptions, resolveOptions } from './server-options';
import { TopicRegistry } from './topic-registry';

export type { PublishedMessage } from './published-message';
export type { DeliveryAttempt, DeliveryOutcome } from './push-subscription-worker';
export type { LocalPubSubServerOptions, LocalPushSubscription } from './server-options';

/** How long stop() lets open gRPC calls finish before cutting them off. */
const GRACEFUL_SHUTDOWN_MS = 1000;

interface IdleWaiter {
  resolve(): void;
  timer: NodeJS.Timeout;
}

/**
 * A Pub/Sub stand-in for local runs and tests: the gRPC Publisher API that the real client publishes to,
 * and push delivery to HTTP endpoints with the retry, backoff and dead-letter policy of a push subscription.
 */
export class LocalPubSubServer {
  private readonly options: ResolvedOptions;
  private readonly logger: Logger;
  private readonly registry: TopicRegistry;
  private readonly workers: PushSubscriptionWorker[];
  private readonly attempts: DeliveryAttempt[] = [];
  private readonly idleWaiters = new Set<IdleWaiter>();
  private grpc: Server | undefined;
  private boundPort = 0;
  private stopped = false;

  constructor(options: LocalPubSubServerOptions) {
    this.options = resolveOptions(options);
    this.logger = options.logger ?? createLogger({ component: 'local-pubsub' });
    this.registry = new TopicRegistry((path, message) => this.fanOut(path, message));
    const context = {
      projectId: this.options.projectId,
      timeScale: this.options.timeScale,
      maxInFlight: this.options.maxInFlightPerSubscription,
      logger: this.logger,
      record: (attempt: DeliveryAttempt) => this.attempts.push(attempt),
      publish: (topic: string, data: Buffer, attributes: Record<string, string>) =>
        this.registry.publish(this.path(topic), [{ data, attributes }]),
      onSettled: () => this.settleIdleWaiters(),
    };
    this.workers = this.options.subscriptions.map((s) => new PushSubscriptionWorker(s, context));
  }

  /** The bound port; 0 before start(). */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    if (this.grpc !== undefined) throw new Error('local Pub/Sub server already started');
    // Stopped workers have dropped their queues; a restart would accept publishes and push nothing.
    if (this.stopped) throw new Error('local Pub/Sub server was stopped; create a new one');
    for (const topic of this.options.topics) this.registry.create(this.path(topic));
    const server = new Server();
    server.addService(loadPublisherService(), publisherHandlers(this.registry));
    this.grpc = server;
    const { host, port } = this.options;
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      );
    });
    this.logger.info('local Pub/Sub server listening', { host, port: this.boundPort });
    return this.boundPort;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const worker of this.workers) worker.stop();
    this.settleIdleWaiters();
    const server = this.grpc;
    this.grpc = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.forceShutdown(), GRACEFUL_SHUTDOWN_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    this.logger.info('local Pub/Sub server stopped', { port: this.boundPort });
  }

  /** Every message published to the topic (short name), in order, dead letters included. */
  publishedTo(topic: string): PublishedMessage[] {
    return this.registry.publishedTo(this.path(topic));
  }

  /** Every finished push attempt, in the order they finished. */
  deliveries(): DeliveryAttempt[] {
    return [...this.attempts];
  }

  /** Resolves once no push is queued, in flight or scheduled for retry. */
  whenIdle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: IdleWaiter = {
        resolve,
        timer: setTimeout(() => {
          this.idleWaiters.delete(waiter);
          reject(new Error(`local Pub/Sub server still busy after ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.idleWaiters.add(waiter);
    });
  }

  private path(topic: string): string {
    return topicPath(this.options.projectId, topic);
  }

  private fanOut(path: string, message: PublishedMessage): void {
    for (const worker of this.workers) {
      if (this.path(worker.topic) === path) worker.enqueue(message);
    }
  }

  private isIdle(): boolean {
    return this.workers.every((worker) => worker.idle);
  }

  private settleIdleWaiters(): void {
    if (!this.isIdle()) return;
    for (const waiter of this.idleWaiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.idleWaiters.clear();
  }
}
