import type { Domain } from 'node:domain';

/**
 * The functions framework runs each request inside a `node:domain`, so that an error nobody caught
 * answers 500. While a domain is active every async resource created joins it, and every callback of
 * those resources enters and leaves it again: with Firestore and gRPC that is hundreds of promises per
 * event, and the push-cost benchmark measured the domain at about a quarter of the router's CPU.
 * Our handlers catch and map their own errors (a push answers 5xx, intake 503), so the work runs outside
 * the domain. An error that still escapes meets the framework's process handlers: a crash answer and a
 * new instance, which Pub/Sub's redelivery and the router's idempotency are built for.
 */
export function outsideRequestDomain<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    // Leaving is all it takes: the framework's own exit when its callback returns finds nothing to leave.
    (process as { domain?: Domain | null }).domain?.exit();
    return handler(...args);
  };
}
