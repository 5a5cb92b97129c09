// The clusterEvents subscription (replay after a cursor, then live) and the event's nested fields.
import { canSee, readableProjects } from "../../domain/policy/index.js";
import { mayReceiveEvent } from "../../domain/policy/live.js";
import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { ClusterEventRow } from "../../db/schema/index.js";
import { CursorExpiredError } from "../../events/errors.js";
import { assertCursorRetained, clusterEventStream } from "../../events/stream.js";
import { clusterObject, ClusterObject } from "../cluster/cluster.type.js";
import { argumentUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { notFoundError, topLevelError } from "../errors.js";
import { OperationObject, operationObject } from "../operation/operation.type.js";
import { ClusterEventObject, clusterEventObject } from "./cluster-event.type.js";

export function parseCursor(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,19}$/.test(after)) throw topLevelError("BAD_USER_INPUT", "after must be a cursor received from clusterEvents", { field: ["after"] });
  return BigInt(after);
}

async function subscribe({ args, context }: SubscribeResolverData<unknown, { clusterId?: string | null; after?: string | null }, GraphQLContext>) {
  const after = parseCursor(args.after);
  let clusterId: string | null = null;
  if (args.clusterId) {
    clusterId = argumentUuid(args.clusterId, "Cluster", "clusterId");
    // A cluster the caller may not see is NOT_FOUND; a deleted one it saw can still be replayed from a cursor.
    const row = await context.loaders.cluster.load(clusterId);
    if ((row && !canSee(context.principal, "cluster", row)) || (!row && after === null)) throw notFoundError("cluster", ["clusterId"]);
  }
  if (after !== null) {
    // Checked here so the refusal is the subscription's first result; the stream checks again after each replay read.
    try {
      await assertCursorRetained(context.domain.db, after);
    } catch (error) {
      if (error instanceof CursorExpiredError) throw topLevelError("CURSOR_EXPIRED", error.message, error.extensions);
      throw error;
    }
  }
  return clusterEventStream(context.domain.db, context.events.bus, {
    // The projects visible at subscribe time bound the query; each event is checked again against the rights
    // the caller has when it is sent (context.principal reads the socket's current rights).
    filter: { clusterId, projectIds: readableProjects(context.principal) },
    after,
    bufferLimit: context.events.bufferLimit,
    mayRead: (event: ClusterEventRow) => mayReceiveEvent(context.principal, event),
  });
}

@Resolver(() => ClusterEventObject)
export class ClusterEventResolver {
  @Subscription(() => ClusterEventObject, {
    subscribe,
    description:
      "Status transitions, progress steps and health changes. With `after`, replays what was recorded after that cursor, then goes live, with no gap and no duplicate; a cursor older than the retained history is refused with CURSOR_EXPIRED. With `clusterId` and no `after`, starts with the cluster's current operation. Without `clusterId`: every cluster the caller may see, from now on.",
  })
  clusterEvents(
    @Root() event: ClusterEventRow,
    @Arg("clusterId", () => ID, { nullable: true }) _clusterId: string | null,
    @Arg("after", () => String, { nullable: true }) _after: string | null,
    @Ctx() context: GraphQLContext,
  ): ClusterEventObject {
    // One context serves the whole subscription: nested fields must read today's rows, not the first event's.
    context.loaders.cluster.clear(event.clusterId);
    if (event.operationId) context.loaders.operation.clear(event.operationId);
    return clusterEventObject(event);
  }

  @FieldResolver(() => ClusterObject, { nullable: true, description: "Null once the cluster is deleted." })
  async cluster(@Root() event: ClusterEventObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.cluster.load(event.clusterUuid);
    return row ? clusterObject(row) : null;
  }

  @FieldResolver(() => OperationObject, { nullable: true })
  async operation(@Root() event: ClusterEventObject, @Ctx() context: GraphQLContext) {
    if (!event.operationUuid) return null;
    const row = await context.loaders.operation.load(event.operationUuid);
    return row ? operationObject(row) : null;
  }
}
