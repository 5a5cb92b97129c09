// Errors of the event stream that a client acts on, each with the code it sees in extensions.code.

/**
 * The cursor is older than the retained history: events after it were pruned. Like Kubernetes' 410 Gone,
 * the client re-reads current state and subscribes again (without `after`, or with a fresh cursor).
 */
export class CursorExpiredError extends Error {
  readonly extensions: { code: "CURSOR_EXPIRED"; prunedThrough: string };
  constructor(readonly cursor: bigint, readonly prunedThrough: bigint) {
    super(`cursor ${cursor} has expired: events up to ${prunedThrough} were pruned (retention); re-read the cluster and subscribe again without after`);
    this.name = "CursorExpiredError";
    // graphql-js copies an original error's extensions, so this code survives the trip through the executor.
    this.extensions = { code: "CURSOR_EXPIRED", prunedThrough: prunedThrough.toString() };
  }
}
