// The driver for a real OpenStack: one Heat stack per cluster, one Keystone trust per cluster.
//
// Every Heat call is made as the configured identity (the trustor), as Magnum's conductor acts as
// the requesting user. Each action returns a stack id naming Heat's stack, the operation and the
// newest event before it (stack-id.ts), so a restarted control plane observes from the stack's real
// state. The per-cluster trust is the one thing the caller must store: see TrustCapability (driver.ts).

import { randomUUID } from "node:crypto";
import {
  type ActionResult,
  type ClusterSpec,
  DRIVER_ACTIONS,
  type Driver,
  type DriverAction,
  type DriverCapability,
  DriverError,
  type HealthReport,
  NotSupportedError,
  type Observation,
  type OperationAction,
  type ResizeRequest,
  type TrustCapability,
  type UpgradeRequest,
  describeClusterType,
  providesClusterType,
  notFoundObservation,
} from "../../driver.js";
import { OpenStackError } from "../../../openstack/http.js";
import { KeystoneSession } from "../../../openstack/keystone-session.js";
import { type TrusteeCredentials, TrustManager } from "../../../openstack/trusts.js";
import type { HeatDriverConfig } from "./config.js";
import { type HeatEnvironment, loadEnvironment } from "./environment.js";
import { type EventRecord, HeatClient, type StackPatch, type StackRecord, type StackRef } from "../../../openstack/heat-client.js";
import { isMaster, stackNameOf, trusteeNameOf } from "./naming.js";
import { missingStackObservation, observationOf } from "./observation.js";
import { RecoveryTracker, isAbandoned } from "./recovery.js";
import * as requests from "./requests.js";
import { type HeatStackId, decodeStackId, encodeStackId } from "./stack-id.js";
import { splitStatus } from "./status.js";
import { clusterTemplate, createParameters } from "./template.js";
import { nextPollDelay, observationKey, type WatchOptions, watchOperation } from "./watch.js";

export type { TrusteeCredentials } from "../../../openstack/trusts.js";

export const HEAT_CAPABILITIES: readonly DriverCapability[] = [
  { coe: "KUBERNETES", distros: ["fedora-coreos"], serverTypes: ["VM"] },
];

/** Health needs the cluster's own API; Heat cannot tell whether a node is Ready. */
export const HEAT_ACTIONS: ReadonlySet<DriverAction> = new Set(DRIVER_ACTIONS.filter((action) => action !== "health"));

/** Resource groups' members, and a provider template's resources inside each member. */
const NESTED_DEPTH = 2;

export interface HeatDriverOptions {
  config: HeatDriverConfig;
  /** Default: read from config.environmentFiles. */
  environment?: HeatEnvironment;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
}

export class HeatDriver implements Driver {
  readonly name = "heat";
  readonly provides = HEAT_CAPABILITIES;
  readonly supports = HEAT_ACTIONS;
  /** The configured identity: owner of the stacks, trustor of the trusts. */
  readonly operator: KeystoneSession;
  readonly heat: HeatClient;
  /** Makes and removes each cluster's trustee and trust (null when no trustee domain is configured). */
  readonly trustManager: TrustManager | null;
  /** The trust capability the reconciler's trust hook uses (see TrustCapability). */
  readonly trusts: TrustCapability = {
    prepare: (spec, stored) => this.prepareTrust(spec, stored),
    remove: (spec) => this.removeTrust(spec),
  };
  readonly recovery: RecoveryTracker;
  private readonly config: HeatDriverConfig;
  private readonly environment: HeatEnvironment;
  private readonly now: () => number;
  // Trusts made or checked in this process, so create() can put them in the stack's parameters.
  private readonly prepared = new Map<string, TrusteeCredentials>();
  // Each operation's events seen so far, so a poll fetches only the new ones.
  private readonly seen = new Map<string, EventRecord[]>();
  // Each operation's polling pace: what the last observation looked like and the pause chosen after it.
  private readonly cadence = new Map<string, { key: string; delayMs: number }>();

  constructor(options: HeatDriverOptions) {
    const { config } = options;
    this.config = config;
    this.environment = options.environment ?? loadEnvironment(config.environmentFiles);
    this.now = options.now ?? Date.now;
    const retry = { attempts: config.retries, baseDelayMs: 250, maxDelayMs: 4000 };
    const renewBeforeMs = config.tokenRenewSeconds * 1000;
    this.operator = new KeystoneSession({ authUrl: config.authUrl, auth: config.auth, retry, renewBeforeMs, now: this.now });
    this.recovery = new RecoveryTracker(this.now);
    this.heat = new HeatClient(this.operator, {
      interface: config.interface,
      region: config.region,
      onOutage: () => this.recovery.outage(),
    });
    const trustee = config.trustee;
    this.trustManager =
      trustee === null
        ? null
        : new TrustManager({
            trustor: this.operator,
            domainAdmin: new KeystoneSession({
              authUrl: config.authUrl,
              auth: {
                method: "password",
                userName: trustee.adminUserName,
                password: trustee.adminPassword,
                ...("id" in trustee.domain ? { userDomainId: trustee.domain.id } : { userDomainName: trustee.domain.name }),
                scope: "id" in trustee.domain ? { domainId: trustee.domain.id } : { domainName: trustee.domain.name },
              },
              retry,
              renewBeforeMs,
              now: this.now,
            }),
            roles: trustee.roles,
          });
  }

  async prepareTrust(spec: ClusterSpec, stored: TrusteeCredentials | null): Promise<TrusteeCredentials | null> {
    if (this.trustManager === null) return null;
    const { projectId } = await this.operator.token();
    const credentials = await this.trustManager
      .ensure(trusteeNameOf(spec, projectId ?? ""), stored, `Trustee of Turnkey cluster ${spec.name} (${spec.uuid})`)
      .catch((error: unknown) => {
        throw this.explainDelegation(error);
      });
    this.prepared.set(spec.uuid, credentials);
    return credentials;
  }

  async removeTrust(spec: ClusterSpec): Promise<void> {
    this.prepared.delete(spec.uuid);
    if (this.trustManager === null) return;
    const { projectId } = await this.operator.token();
    await this.trustManager.remove(trusteeNameOf(spec, projectId ?? ""));
  }

  /** A session acting through the cluster's trust: what the cluster's own calls to OpenStack use. */
  trustSession(credentials: TrusteeCredentials): KeystoneSession {
    if (this.trustManager === null) throw new DriverError("INVALID_REQUEST", "Trusts are not configured for the Heat driver");
    return this.trustManager.trustSession(credentials);
  }

  async create(spec: ClusterSpec, stackId: string | null): Promise<ActionResult> {
    if (!providesClusterType(this, spec)) throw new NotSupportedError(this.name, "provide", describeClusterType(spec));
    if (stackId !== null) {
      const previous = this.decode(spec, stackId);
      if (previous.operation === "create") return { stackId };
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} already has a stack; it is not created twice`);
    }
    if (!spec.nodeGroups.some((group) => isMaster(group) && group.nodeCount > 0)) {
      throw new DriverError("INVALID_REQUEST", "A cluster needs a master node group with at least one node");
    }
    const stackName = stackNameOf(spec);
    const existing = await this.heat.findStack(stackName);
    if (existing !== null) return this.created(spec, existing);
    const trust = this.prepared.get(spec.uuid) ?? (await this.prepareTrust(spec, null));
    try {
      const ref = await this.heat.createStack({
        stack_name: stackName,
        template: clusterTemplate({ spec, stackName, profiles: this.environment.profiles }),
        parameters: createParameters(spec, spec.nodeGroups, {
          caGeneration: "0",
          authUrl: this.config.authUrl,
          region: this.config.region ?? "",
          trust,
        }),
        files: this.environment.files,
        environment_files: this.environment.environmentFiles,
        disable_rollback: true,
        timeout_mins: spec.createTimeout,
        tags: `turnkey,cluster-${spec.uuid}`,
      });
      return { stackId: encodeStackId({ operation: "create", stackName, stackUuid: ref.id, marker: "" }) };
    } catch (error) {
      // Two creates raced (or a retried POST had gone through): the stack of that name is ours.
      if (!(error instanceof OpenStackError) || error.status !== 409) throw this.explainDelegation(error);
      const raced = await this.heat.findStack(stackName);
      if (raced === null) throw error;
      return this.created(spec, raced);
    }
  }

  async update(spec: ClusterSpec, stackId: string): Promise<ActionResult> {
    return this.change(spec, stackId, "update", (stack) => requests.updatePatch(spec, stack));
  }

  async resize(spec: ClusterSpec, stackId: string, request: ResizeRequest): Promise<ActionResult> {
    return this.change(spec, stackId, "resize", (stack) => requests.resizePatch(spec, stack, request));
  }

  async upgrade(spec: ClusterSpec, stackId: string, request: UpgradeRequest): Promise<ActionResult> {
    return this.change(spec, stackId, "upgrade", (stack) => requests.upgradePatch(spec, stack, request));
  }

  async rotateCa(spec: ClusterSpec, stackId: string): Promise<ActionResult> {
    return this.change(spec, stackId, "rotateCa", () => requests.rotateCaPatch(randomUUID()));
  }

  async createNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    return this.change(spec, stackId, "nodeGroupCreate", (stack) =>
      requests.nodeGroupCreatePatch(spec, stack, nodeGroupId, this.templateContext(stack)),
    );
  }

  async updateNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    return this.change(spec, stackId, "nodeGroupUpdate", (stack) => requests.nodeGroupUpdatePatch(spec, stack, nodeGroupId));
  }

  async deleteNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    return this.change(spec, stackId, "nodeGroupDelete", (stack) =>
      requests.nodeGroupDeletePatch(spec, stack, nodeGroupId, this.templateContext(stack)),
    );
  }

  async delete(spec: ClusterSpec, stackId: string | null): Promise<ActionResult> {
    const previous = stackId === null ? null : this.decode(spec, stackId);
    const stackName = previous?.stackName ?? stackNameOf(spec);
    // Without a stored stack id, a stack may still exist: created just before a crash.
    const stack =
      previous !== null && previous.stackUuid !== ""
        ? await this.heat.getStack({ name: previous.stackName, id: previous.stackUuid }, false)
        : await this.heat.findStack(stackName);
    if (stack === null) {
      await this.removeTrust(spec);
      return { stackId: encodeStackId({ operation: "delete", stackName, stackUuid: "", marker: "" }) };
    }
    if (previous?.operation === "delete" && stack.status === "DELETE_IN_PROGRESS" && stackId !== null) return { stackId };
    const ref = { name: stack.name, id: stack.id };
    const marker = await this.heat.latestEventId(ref, NESTED_DEPTH);
    await this.heat.deleteStack(ref);
    return { stackId: encodeStackId({ operation: "delete", stackName: stack.name, stackUuid: stack.id, marker }) };
  }

  async observe(spec: ClusterSpec, stackId: string | null): Promise<Observation> {
    if (stackId === null) return notFoundObservation(`Cluster ${spec.uuid} has no stack`);
    const id = decodeStackId(stackId);
    if (id === null) return notFoundObservation(`Stack ${stackId.slice(0, 60)} is not a Heat driver stack`);
    if (!ownedBy(id, spec)) return notFoundObservation(`Stack ${id.stackName} belongs to another cluster`);
    const ref = { name: id.stackName, id: id.stackUuid };
    const stack = id.stackUuid === "" ? null : await this.heat.getStack(ref, true);
    if (id.stackUuid !== "") this.recovery.answered();
    if (stack === null) {
      this.seen.delete(stackId);
      if (id.operation === "delete") await this.removeTrust(spec);
      return missingStackObservation(spec, id);
    }
    const [resources, events] = await Promise.all([
      this.heat.resources(ref, NESTED_DEPTH),
      this.eventsOf(stackId, ref, id.marker),
    ]);
    await this.recoverIfAbandoned(stack, events.at(-1)?.id ?? id.marker);
    return this.paced(stackId, observationOf({ spec, id, stack, resources, events }));
  }

  /**
   * Tells the reconciler when to look again (Observation.nextChangeAt): 200 ms after a change, doubling while
   * nothing changes, up to TURNKEY_HEAT_POLL_INTERVAL_MS, so a quiet stack costs Heat one poll per interval
   * instead of one per reconcile beat. The reconciler still looks at least every 2 s (its progress interval).
   */
  private paced(stackId: string, observation: Observation): Observation {
    if (observation.state !== "IN_PROGRESS") {
      this.cadence.delete(stackId);
      return observation;
    }
    const key = observationKey(observation);
    const last = this.cadence.get(stackId);
    const delayMs = nextPollDelay(last?.delayMs ?? 0, last?.key !== key, { minMs: 200, maxMs: this.config.pollIntervalMs });
    this.cadence.delete(stackId);
    this.cadence.set(stackId, { key, delayMs });
    if (this.cadence.size > 200) this.cadence.delete(this.cadence.keys().next().value as string);
    return { ...observation, nextChangeAt: this.now() + delayMs };
  }

  /** Observes until the operation settles, calling `onChange` whenever the observation changes. */
  async watch(
    spec: ClusterSpec,
    stackId: string,
    options: Omit<WatchOptions, "bounds"> & { bounds?: WatchOptions["bounds"] } = {},
  ): Promise<Observation> {
    const bounds = options.bounds ?? { minMs: 200, maxMs: this.config.pollIntervalMs };
    return watchOperation(() => this.observe(spec, stackId), { ...options, bounds });
  }

  /** Not among `supports`: Heat cannot see whether nodes are Ready. UNKNOWN, as Magnum reports a cluster it cannot poll. */
  async health(): Promise<HealthReport> {
    return { status: "UNKNOWN", reason: { api: "the heat driver does not check health: that needs the cluster's own API" } };
  }

  private created(spec: ClusterSpec, stack: StackRecord): ActionResult {
    if (splitStatus(stack.status).action === "DELETE") {
      throw new DriverError("CONFLICT", `Stack ${stack.name} of cluster ${spec.uuid} is being deleted`);
    }
    return { stackId: encodeStackId({ operation: "create", stackName: stack.name, stackUuid: stack.id, marker: "" }) };
  }

  /**
   * Starts a stack update, or recognises a repeat of the one running. Heat would accept a second
   * update of a stack in progress, but it cancels the first one's nested stacks and fails: refuse.
   */
  private async change(
    spec: ClusterSpec,
    stackId: string,
    action: OperationAction,
    patchFor: (stack: StackRecord) => StackPatch,
  ): Promise<ActionResult> {
    const previous = this.decode(spec, stackId);
    if (previous.operation === "delete") throw new DriverError("CONFLICT", `Cluster ${spec.uuid} is being deleted`);
    const ref = { name: previous.stackName, id: previous.stackUuid };
    const stack = previous.stackUuid === "" ? null : await this.heat.getStack(ref, true);
    if (stack === null) throw new DriverError("STACK_NOT_FOUND", `Stack ${previous.stackName} of cluster ${spec.uuid} is not in Heat`);
    const patch = patchFor(stack);
    if (splitStatus(stack.status).state === "IN_PROGRESS") {
      if (previous.operation === action && (action === "rotateCa" || requests.alreadyApplied(patch, stack))) return { stackId };
      throw new DriverError("CONFLICT", `Stack ${stack.name} is in ${stack.status}; wait for it to finish`);
    }
    const marker = await this.heat.latestEventId(ref, NESTED_DEPTH);
    await this.heat.patchStack(ref, { ...patch, disable_rollback: true });
    return { stackId: encodeStackId({ operation: action, stackName: stack.name, stackUuid: stack.id, marker }) };
  }

  // Keystone refuses trusts to application-credential tokens, and Heat makes one per stack it creates.
  private explainDelegation(error: unknown): unknown {
    if (!(error instanceof OpenStackError) || error.status !== 403) return error;
    if (this.config.auth.method !== "applicationCredential") return error;
    return new OpenStackError(
      "forbidden",
      error.service,
      403,
      `${error.reason} (Keystone lets no application credential manage trusts, which per-cluster trusts and Heat's own ` +
        "stack trusts need: configure TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD instead)",
    );
  }

  private templateContext(stack: StackRecord): requests.TemplateContext {
    return { stackName: stack.name, profiles: this.environment.profiles };
  }

  private decode(spec: ClusterSpec, stackId: string): HeatStackId {
    const id = decodeStackId(stackId);
    if (id === null) throw new DriverError("STACK_NOT_FOUND", `Stack ${stackId.slice(0, 60)} is not a Heat driver stack`);
    if (!ownedBy(id, spec)) throw new DriverError("STACK_NOT_FOUND", `Stack ${id.stackName} belongs to another cluster`);
    return id;
  }

  private async eventsOf(stackId: string, ref: StackRef, marker: string): Promise<EventRecord[]> {
    const known = this.seen.get(stackId) ?? [];
    const fresh = await this.heat.events(ref, known.at(-1)?.id ?? marker, NESTED_DEPTH);
    const events = fresh.length === 0 ? known : [...known, ...fresh];
    this.seen.delete(stackId);
    this.seen.set(stackId, events);
    if (this.seen.size > 200) this.seen.delete(this.seen.keys().next().value as string);
    return events;
  }

  // A Heat restarted mid-operation leaves the stack in progress for good: start a new traversal.
  private async recoverIfAbandoned(stack: StackRecord, newestEventId: string): Promise<void> {
    const { action, state } = splitStatus(stack.status);
    const activity = this.recovery.activity(stack.id, newestEventId);
    const abandoned = isAbandoned({
      inProgress: state === "IN_PROGRESS",
      heat: this.recovery.heat,
      activity,
      now: this.now(),
      stallAfterMs: this.config.stallSeconds * 1000,
    });
    if (!abandoned) return;
    this.recovery.kicked(stack.id);
    const ref = { name: stack.name, id: stack.id };
    if (action === "DELETE") await this.heat.deleteStack(ref);
    else await this.heat.patchStack(ref, { parameters: {} });
  }
}

function ownedBy(id: HeatStackId, spec: ClusterSpec): boolean {
  return id.stackName.endsWith(`-${spec.uuid.replace(/-/g, "").slice(0, 8)}`);
}
