// Heat's stack events as Turnkey's progress stages: one stage per resource the operation touches,
// named by its path in the stack ("default-worker/2"), in the order Heat started them.

import type { ObservationState, OperationAction, StageObservation, StageStatus } from "../../driver.js";
import type { EventRecord, ResourceRecord, StackRef } from "../../../openstack/heat-client.js";
import { splitStatus } from "./status.js";

export interface ResourceStage extends StageObservation {
  /** The resource's path: "network", "default-worker", "default-worker/2". */
  path: string;
  /** The resource's type as the template names it, when Heat still lists the resource. */
  type: string | null;
  /** Heat's action on the resource in this operation: CREATE, UPDATE or DELETE (INIT while pending). */
  action: string;
  /** Heat's status reason of the last event, kept for failed resources. */
  reason: string;
}

export interface StageInput {
  root: StackRef;
  operation: OperationAction;
  resources: readonly ResourceRecord[];
  /** The operation's events, oldest first. */
  events: readonly EventRecord[];
  /** The stage's description; default "Create default-worker/2". */
  describe?: (stage: { path: string; type: string | null; verb: string }) => string;
}

const VERBS: Record<string, string> = { CREATE: "Create", UPDATE: "Update", DELETE: "Delete", INIT: "Create" };

export function stagesOf(input: StageInput): ResourceStage[] {
  const paths = stackPaths(input.root, input.resources);
  const types = new Map(input.resources.map((resource) => [paths.resolve(resource.stack, resource.name), resource.type]));
  const describe = input.describe ?? ((stage) => `${stage.verb} ${stage.path}`);
  const stages = new Map<string, ResourceStage & { verb: string }>();

  for (const event of input.events) {
    if (event.resourceName === event.stack.name) continue; // the stack's own "Stack UPDATE started"
    const path = paths.resolve(event.stack, event.resourceName);
    const { action, state } = splitStatus(event.status);
    const stage = stages.get(path) ?? {
      name: path,
      path,
      type: types.get(path) ?? null,
      action,
      description: "",
      status: "PENDING" as StageStatus,
      reason: "",
      verb: "",
    };
    stage.action = action;
    stage.verb = VERBS[action] ?? capitalise(action);
    stage.reason = event.statusReason;
    if (state === "IN_PROGRESS") {
      stage.status = "RUNNING";
      stage.startedAt ??= event.time;
      delete stage.finishedAt;
    } else if (state === "COMPLETE" || state === "FAILED") {
      stage.status = state === "COMPLETE" ? "DONE" : "FAILED";
      stage.startedAt ??= event.time;
      stage.finishedAt = event.time;
    }
    stages.set(path, stage);
  }

  // What the operation has still to do: the resources a create has not started, everything a delete has not removed.
  const pendingVerb = input.operation === "delete" ? "Delete" : "Create";
  for (const resource of input.resources) {
    const path = paths.resolve(resource.stack, resource.name);
    if (stages.has(path)) continue;
    const waiting =
      (input.operation === "create" && resource.status === "INIT_COMPLETE") ||
      (input.operation === "delete" && resource.status !== "DELETE_COMPLETE");
    if (!waiting) continue;
    stages.set(path, {
      name: path,
      path,
      type: resource.type,
      action: input.operation === "delete" ? "DELETE" : "INIT",
      description: "",
      status: "PENDING",
      reason: "",
      verb: pendingVerb,
    });
  }

  return [...stages.values()].map(({ verb, ...stage }) => ({
    ...stage,
    description: describe({ path: stage.path, type: stage.type, verb }),
  }));
}

/** Stages done out of all, 100 only once the operation is complete. */
export function percentOf(stages: readonly StageObservation[], state: ObservationState): number {
  if (state === "COMPLETE") return 100;
  if (stages.length === 0) return 0;
  const done = stages.filter((stage) => stage.status === "DONE" || stage.status === "FAILED").length;
  return Math.min(99, Math.floor((100 * done) / stages.length));
}

/** The failed stages deepest first: the member that failed before the group that failed because of it. */
export function failedStages(stages: readonly ResourceStage[]): ResourceStage[] {
  return stages
    .filter((stage) => stage.status === "FAILED")
    .sort((left, right) => right.path.split("/").length - left.path.split("/").length);
}

/**
 * Paths of nested stacks, from the resources that own them. A nested stack already deleted (a
 * removed node group) is recognised by Heat's naming, "<parent stack>-<resource>-<12 characters>".
 */
export function stackPaths(root: StackRef, resources: readonly ResourceRecord[]) {
  const byId = new Map<string, { name: string; path: string }>([[root.id, { name: root.name, path: "" }]]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const resource of resources) {
      const parent = byId.get(resource.stack.id);
      if (parent === undefined || resource.nested === null || byId.has(resource.nested.id)) continue;
      byId.set(resource.nested.id, { name: resource.nested.name, path: join(parent.path, resource.name) });
      grew = true;
    }
  }
  const pathOf = (stack: StackRef): string => {
    const known = byId.get(stack.id);
    if (known !== undefined) return known.path;
    const parents = [...byId.values()].sort((left, right) => right.name.length - left.name.length);
    for (const parent of parents) {
      if (!stack.name.startsWith(`${parent.name}-`)) continue;
      const match = /^(.+)-[a-z0-9]{12}$/.exec(stack.name.slice(parent.name.length + 1));
      if (match?.[1] !== undefined) return join(parent.path, match[1]);
    }
    return stack.name;
  };
  return { resolve: (stack: StackRef, resource: string) => join(pathOf(stack), resource) };
}

function join(parent: string, name: string): string {
  return parent === "" ? name : `${parent}/${name}`;
}

function capitalise(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}
