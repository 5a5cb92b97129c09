// Subscription fan-out: one execution and one serialisation per (event, document, variables, visibility), shared by every
// socket that would have computed the same result, instead of one execution per subscriber per event.
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";
import { visibilityKey } from "../domain/policy/live.js";
import type { GraphQLContext } from "./context.js";

/**
 * What graphql-ws's `subscribe` hook returns for a subscription: the source stream (the resolver's events, already
 * filtered and authorised per socket by its own stream), not yet mapped to results. The transport turns it into
 * frames with `FanOut.frames`; iterated directly it falls back to graphql-js's one execution per event.
 */
export class SourceStream implements AsyncIterable<ExecutionResult> {
  constructor(
    readonly source: AsyncIterator<unknown> & { return?: () => Promise<IteratorResult<unknown>> },
    readonly args: ExecutionArgs,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<ExecutionResult> {
    try {
      for (;;) {
        const step = await this.source.next();
        if (step.done) return;
        yield await execute({ ...this.args, rootValue: step.value });
      }
    } finally {
      void this.source.return?.().catch(() => undefined);
    }
  }
}

export interface FanOutStatistics {
  /** Documents executed for events (one per event and group). */
  executions: number;
  /** Results handed to sockets. */
  deliveries: number;
}

export interface FanOutOptions {
  /** The transport's formatting of a result (error masking), applied once per shared result. */
  format(result: ExecutionResult): ExecutionResult;
}

/**
 * Groups are not memberships a socket joins and leaves: a socket's group is computed for each event from the document,
 * the variables and its rights at that moment (`visibilityKey` of the session's current principal). A socket whose
 * rights change therefore leaves its group with the next event, and its result is executed under its new rights.
 * The event's own authorisation stays per socket, in its source stream (`mayReceiveEvent` against its current rights),
 * before the group is looked up. Results are remembered per event object (a WeakMap): the bus hands the same row object
 * to every live subscriber, so they share; a replayed row is a different object and is executed for its own subscriber.
 */
export class FanOut {
  private readonly results = new WeakMap<object, Map<string, Promise<string>>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;
  readonly statistics: FanOutStatistics = { executions: 0, deliveries: 0 };

  constructor(private readonly options: FanOutOptions) {}

  /** graphql-ws's `subscribe` hook: the source stream, whose events `frames` maps to shared results. */
  readonly subscribe = async (args: ExecutionArgs): Promise<ExecutionResult | SourceStream> => {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterator(stream)) return stream as ExecutionResult;
    return new SourceStream(stream, args);
  };

  /** The part of the group key a subscription fixes: its document (by identity: the document cache hands out one per text), operation and variables. */
  private subscriptionKey(args: ExecutionArgs): string {
    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = this.nextDocumentId++;
      this.documentIds.set(args.document, documentId);
    }
    return `${documentId}\u0000${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}`;
  }

  /** The serialised `next` payload for one event of one subscription: executed once per group, then shared. */
  private payloadFor(event: unknown, args: ExecutionArgs, subscriptionKey: string): Promise<string> {
    const context = args.contextValue as GraphQLContext;
    if (typeof event !== "object" || event === null) return this.execute(event, args);
    const key = `${subscriptionKey}\u0000${visibilityKey(context.principal)}`;
    let byGroup = this.results.get(event);
    if (!byGroup) {
      byGroup = new Map();
      this.results.set(event, byGroup);
    }
    let payload = byGroup.get(key);
    if (!payload) {
      payload = this.execute(event, args);
      byGroup.set(key, payload);
    }
    return payload;
  }

  private async execute(event: unknown, args: ExecutionArgs): Promise<string> {
    this.statistics.executions += 1;
    const result = await execute({ ...args, rootValue: event });
    return JSON.stringify(this.options.format(result));
  }

  /**
   * The stream graphql-ws iterates for one subscription (its `onOperation` hook): it sends each frame itself, through
   * `send` (which paces a slow client), and yields nothing; graphql-ws sends `complete` when it ends, as before.
   */
  frames(stream: SourceStream, id: string, send: (frame: string) => Promise<void>): AsyncIterableIterator<ExecutionResult> & { return(): Promise<IteratorResult<ExecutionResult>> } {
    const subscriptionKey = this.subscriptionKey(stream.args);
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    let stopped = false;
    const done: IteratorResult<ExecutionResult> = { done: true, value: undefined };
    const iterator = {
      [Symbol.asyncIterator]: () => iterator,
      next: async (): Promise<IteratorResult<ExecutionResult>> => {
        for (;;) {
          if (stopped) return done;
          const step = await stream.source.next();
          if (step.done || stopped) return done;
          const payload = await this.payloadFor(step.value, stream.args, subscriptionKey);
          if (stopped) return done;
          this.statistics.deliveries += 1;
          await send(prefix + payload + "}");
        }
      },
      // Not awaited: a source waiting for its next event finishes its return only when that event comes.
      return: async (): Promise<IteratorResult<ExecutionResult>> => {
        stopped = true;
        void stream.source.return?.().catch(() => undefined);
        return done;
      },
    };
    return iterator;
  }
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === "object" && value !== null && typeof (value as AsyncIterator<unknown>).next === "function" && Symbol.asyncIterator in value;
}
