// Cluster lifecycle entry points: record the intent, the status change and an operation in one transaction.
import { canSee } from "../policy/index.js";
import { enforceQuota, enforceQuotaAndAppend } from "../tenancy/quotas.js";
import { randomUUID } from "node:crypto";
import type { Transaction } from "../../db/client.js";
import { findTemplateForShare } from "../../db/queries/cluster-templates.js";
import { clusterIdByName, insertClusterWithGroupsAndOperation } from "../../db/queries/clusters.js";
import { planClusterCreate } from "./cluster-rules.js";
import { templateFields } from "../cluster-templates/cluster-templates.js";
import type { DomainContext } from "../context.js";
import { conflict, missing, noSuch, notFound } from "../errors.js";
import { runOncePerRequestId } from "../idempotency.js";
import { targetProject } from "../tenancy/projects.js";
import { inTransaction } from "../transactions.js";

export interface ClusterCreateOptions {
  requestId?: string | null;
  homeProjectId: string | null;
}

async function usableTemplate(context: DomainContext, transaction: Transaction, templateId: string, projectId: string) {
  // FOR SHARE: a concurrent template delete waits for this create, then sees the cluster and refuses.
  const row = await findTemplateForShare(transaction, templateId);
  if (!row || !canSee(context.principal, "clusterTemplate", row)) throw missing("clusterTemplateId", templateId, "cluster template");
  if (row.projectId !== projectId && !row.public) {
    throw notFound("clusterTemplateId", noSuch("cluster template"));
  }
  return row;
}

/** Magnum's "request accepted": the cluster is recorded in CREATE_IN_PROGRESS and the reconciler takes it from there. */
export async function createCluster(
  context: DomainContext,
  input: Record<string, unknown> & { clusterTemplateId: string; projectId?: string | null },
  options: ClusterCreateOptions,
) {
  const { clusterTemplateId, projectId: requestedProject, ...request } = input;
  const projectId = await targetProject(context, requestedProject, options.homeProjectId, "cluster");
  const cursors: bigint[] = [];
  const outcome = await inTransaction(context, (transaction) => {
    cursors.length = 0;
    return runOncePerRequestId(transaction, context.principal, "clusterCreate", options.requestId, input, async () => {
      const template = await usableTemplate(context, transaction, clusterTemplateId, projectId);
      const plan = planClusterCreate(request, templateFields(template));
      const quota = { clusters: 1, nodes: plan.masterCount + plan.nodeCount, field: "nodeCount" };
      const existing = await clusterIdByName(transaction, projectId, plan.name);
      if (existing) {
        // The quota's refusal comes first, as it always has.
        await enforceQuota(transaction, projectId, quota);
        throw conflict("name", `a cluster named "${plan.name}" already exists in this project`);
      }

      const clusterId = randomUUID();
      const operationId = randomUUID();
      const now = new Date();
      const { nodeGroups: groupPlans, ...clusterPlan } = plan;
      await insertClusterWithGroupsAndOperation(
        transaction,
        {
          id: clusterId,
          projectId,
          templateId: template.id,
          ...clusterPlan,
          status: "CREATE_IN_PROGRESS",
          statusReason: "Cluster create request accepted",
          createdBy: context.principal.id,
          createdAt: now,
          updatedAt: now,
        },
        groupPlans.map((group) => ({
          id: randomUUID(),
          projectId,
          clusterId,
          ...group,
          status: "CREATE_IN_PROGRESS",
          createdAt: now,
          updatedAt: now,
        })),
        {
          id: operationId,
          projectId,
          clusterId,
          type: "CLUSTER_CREATE",
          status: "PENDING",
          spec: { templateId: template.id },
          requestId: options.requestId ?? null,
          createdBy: context.principal.id,
          createdAt: now,
          updatedAt: now,
        },
      );
      // Checked after the inserts, so the project lock is held from here to the commit only (see enforceQuota); the
      // event is appended in the quota's own statement, so that hold is the lock, one statement and the commit.
      const appended = await enforceQuotaAndAppend(transaction, projectId, { ...quota, written: true }, [
        {
          projectId,
          clusterId,
          operationId,
          type: "STATUS_CHANGED",
          status: "CREATE_IN_PROGRESS",
          previousStatus: null,
          statusReason: "Cluster create request accepted",
          occurredAt: now,
        },
      ]);
      cursors.push(...appended.map((event) => event.id));
      return { clusterId, operationId };
    });
  });
  // Announced only once durable: a subscriber never hears of a change that could still roll back.
  if (!outcome.replayed) context.eventsCommitted(cursors);
  return outcome;
}
