// The embedded default driver: builds clusters in simulated time, stage by stage, with honest durations.
//
// Restart safety: the driver persists nothing. Every action returns a stack id that encodes the
// whole operation (see record.ts); observe() recomputes the operation's progress from that id, the
// cluster spec and the clock. A new driver instance, given the same stack id, spec and time, returns
// the same observation, so a restarted control plane just carries on observing.

import {
  type ActionResult,
  type ClusterSpec,
  DRIVER_ACTIONS,
  type Driver,
  type DriverAction,
  type DriverCapability,
  DriverError,
  type FaultSpec,
  type HealthReport,
  NotSupportedError,
  type Observation,
  type OperationAction,
  type ResizeRequest,
  type UpgradeRequest,
  clusterActionOf,
  describeClusterType,
  providesClusterType,
} from "../../driver.js";
import { type Evaluation, evaluateOperation, operationKey } from "./evaluation.js";
import { FAULT_LABELS, resolveFaults } from "./faults.js";
import { seededRandom } from "./hash.js";
import { labelValue } from "../../labels.js";
import { healthOf } from "./health.js";
import { notFound, observationOf } from "./observation.js";
import { type SimulatedOperation, decodeStackId, encodeStackId } from "./record.js";
import * as requests from "./requests.js";
import { EMPTY_SHAPE, type StackShape, stackNameOf } from "./shape.js";
import { type StageStartEvent, StageWorkLog } from "./work-log.js";
import { type Clock, SYSTEM_CLOCK } from "../../../clock.js";

export { type Clock, SYSTEM_CLOCK } from "../../../clock.js";

export interface SimulatedDriverOptions {
  /** Default: the system clock. Tests pass a clock they move by hand. */
  clock?: Clock;
  /** 1 is realistic (a create takes minutes); 60 makes a ten-minute create take ten seconds. Default 1. */
  speed?: number;
  /** Faults for every cluster; a cluster's spec.faults and labels override them field by field. */
  faults?: FaultSpec;
  /** Mixed into every operation's random draw. Default "turnkey". */
  seed?: string;
  /** Faults of the driver's answers themselves (not of the stacks): calls that fail or answer late, at a rate. */
  calls?: CallFaults;
  /** Where stage starts are counted. Share one between driver instances to count across a restart. */
  workLog?: StageWorkLog;
  /** Called once per stage per operation, the first time a stage is seen to have started. */
  onStageStart?: (event: StageStartEvent) => void;
}

export interface CallFaults {
  /** Probability, 0 to 1, that a call fails as an unreachable backend would (a transient error: the runner retries). */
  failureRate?: number;
  /** Probability, 0 to 1, that a call answers only after `slowMs`. */
  slowRate?: number;
  /** Real milliseconds a slow answer takes. Default 0. */
  slowMs?: number;
}

/** What an injected call failure throws: a plain Error, as a network failure would be (not a DriverError, which is final). */
export class SimulatedBackendError extends Error {
  override readonly name = "SimulatedBackendError";
}

export const SIMULATED_CAPABILITIES: readonly DriverCapability[] = [
  { coe: "KUBERNETES", distros: ["fedora-coreos", "fedora-atomic", "ubuntu"], serverTypes: ["VM", "BM"] },
  { coe: "SWARM_MODE", distros: ["fedora-atomic", "fedora-coreos"], serverTypes: ["VM"] },
];

type ChangeFor = (before: StackShape, stackName: string) => requests.Change;

export class SimulatedDriver implements Driver {
  readonly name = "simulated";
  readonly provides = SIMULATED_CAPABILITIES;
  readonly supports: ReadonlySet<DriverAction> = new Set(DRIVER_ACTIONS);
  readonly speed: number;
  readonly workLog: StageWorkLog;
  private readonly clock: Clock;
  private readonly faults: FaultSpec;
  private readonly seed: string;
  private readonly onStageStart: ((event: StageStartEvent) => void) | undefined;
  private readonly calls: Required<CallFaults>;
  private readonly callDraw: () => number;
  // The last submission per cluster: a call repeated in this process returns the same stack id.
  private readonly submissions = new Map<string, { key: string; stackId: string }>();

  constructor(options: SimulatedDriverOptions = {}) {
    const speed = options.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new DriverError("INVALID_REQUEST", `The simulation speed must be a positive number, not ${speed}`);
    }
    this.speed = speed;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.faults = options.faults ?? {};
    this.seed = options.seed ?? "turnkey";
    this.workLog = options.workLog ?? new StageWorkLog();
    this.onStageStart = options.onStageStart;
    this.calls = { failureRate: clampRate(options.calls?.failureRate), slowRate: clampRate(options.calls?.slowRate), slowMs: Math.max(0, options.calls?.slowMs ?? 0) };
    this.callDraw = seededRandom(`${this.seed}|calls`);
  }

  /** Before each call: an injected late answer, then an injected failure, each at its configured rate. */
  private async answer(call: string): Promise<void> {
    const { failureRate, slowRate, slowMs } = this.calls;
    if (slowRate > 0 && slowMs > 0 && this.callDraw() < slowRate) await new Promise((resolve) => setTimeout(resolve, slowMs));
    if (failureRate > 0 && this.callDraw() < failureRate) throw new SimulatedBackendError(`the simulated backend did not answer ${call} (injected fault)`);
  }

  async create(spec: ClusterSpec, stackId: string | null): Promise<ActionResult> {
    await this.answer("create");
    if (!providesClusterType(this, spec)) {
      throw new NotSupportedError(this.name, "provide", describeClusterType(spec));
    }
    return this.submit(spec, stackId, "create", null, () => requests.createChange(spec));
  }

  async update(spec: ClusterSpec, stackId: string): Promise<ActionResult> {
    await this.answer("update");
    const counts = spec.nodeGroups.map((group) => [group.uuid, group.nodeCount]);
    return this.submit(spec, stackId, "update", counts, (before) => requests.updateChange(before, spec));
  }

  async resize(spec: ClusterSpec, stackId: string, request: ResizeRequest): Promise<ActionResult> {
    await this.answer("resize");
    return this.submit(spec, stackId, "resize", request, (before, stackName) =>
      requests.resizeChange(before, spec, request, stackName),
    );
  }

  async upgrade(spec: ClusterSpec, stackId: string, request: UpgradeRequest): Promise<ActionResult> {
    await this.answer("upgrade");
    return this.submit(spec, stackId, "upgrade", request, (before) => requests.upgradeChange(before, spec, request));
  }

  async delete(spec: ClusterSpec, stackId: string | null): Promise<ActionResult> {
    await this.answer("delete");
    return this.submit(spec, stackId, "delete", null, () => requests.deleteChange());
  }

  async rotateCa(spec: ClusterSpec, stackId: string): Promise<ActionResult> {
    await this.answer("rotateCa");
    return this.submit(spec, stackId, "rotateCa", null, (before) => requests.rotationChange(before, spec));
  }

  async createNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    await this.answer("createNodeGroup");
    return this.submit(spec, stackId, "nodeGroupCreate", nodeGroupId, (before) =>
      requests.nodeGroupCreateChange(before, spec, nodeGroupId),
    );
  }

  async updateNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    await this.answer("updateNodeGroup");
    const count = spec.nodeGroups.find((group) => group.uuid === nodeGroupId)?.nodeCount;
    return this.submit(spec, stackId, "nodeGroupUpdate", [nodeGroupId, count], (before, stackName) =>
      requests.nodeGroupUpdateChange(before, spec, nodeGroupId, stackName),
    );
  }

  async deleteNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult> {
    await this.answer("deleteNodeGroup");
    return this.submit(spec, stackId, "nodeGroupDelete", nodeGroupId, (before) =>
      requests.nodeGroupDeleteChange(before, nodeGroupId),
    );
  }

  async observe(spec: ClusterSpec, stackId: string | null): Promise<Observation> {
    await this.answer("observe");
    const operation = this.read(spec, stackId);
    if (typeof operation === "string") return notFound(operation);
    return observationOf(this.evaluate(operation, spec), spec);
  }

  /** For demos and tests: the workload the label turnkey.sim/demand describes, in worker nodes' worth. */
  workloadDemand(spec: ClusterSpec): number | null {
    const value = Number(labelValue(spec.labels, FAULT_LABELS.demand));
    return labelValue(spec.labels, FAULT_LABELS.demand) === undefined || !Number.isFinite(value) ? null : Math.max(0, value);
  }

  async health(spec: ClusterSpec, stackId: string | null): Promise<HealthReport> {
    await this.answer("health");
    const operation = this.read(spec, stackId);
    if (typeof operation === "string") return healthOf(notFound(operation), "", []);
    const observation = observationOf(this.evaluate(operation, spec), spec);
    return healthOf(observation, operation.stackName, resolveFaults(spec, this.faults).unhealthyNodes);
  }

  /**
   * Starts an operation, or returns the stack id of the one already started for the same request:
   * remembered in this process, or recognised in the stack id the caller passes back after a restart.
   */
  private submit(
    spec: ClusterSpec,
    stackId: string | null,
    action: OperationAction,
    request: unknown,
    change: ChangeFor,
  ): ActionResult {
    const key = JSON.stringify([action, stackId, request]);
    const remembered = this.submissions.get(spec.uuid);
    if (remembered?.key === key) return { stackId: remembered.stackId };

    const previous = stackId === null ? null : this.decode(spec, stackId);
    if (stackId !== null && previous?.action === action && this.isResubmission(previous, spec, change)) {
      return { stackId };
    }
    const before = this.startingShape(spec, action, previous);
    const stackName = previous?.stackName ?? stackNameOf(spec);
    const { after, batchSize } = change(before, stackName);
    const operation: SimulatedOperation = {
      format: 1,
      cluster: spec.uuid,
      stackName,
      action,
      startedAt: this.clock.now(),
      speed: this.speed,
      batchSize,
      before,
      after,
    };
    const submitted = encodeStackId(operation);
    this.submissions.set(spec.uuid, { key, stackId: submitted });
    return { stackId: submitted };
  }

  // Create and delete are never repeated; another action is, while it still runs with the same request.
  private isResubmission(previous: SimulatedOperation, spec: ClusterSpec, change: ChangeFor): boolean {
    if (previous.action === "create" || previous.action === "delete") return true;
    if (this.evaluate(previous, spec).timeline.state !== "IN_PROGRESS") return false;
    try {
      return JSON.stringify(change(previous.before, previous.stackName).after) === JSON.stringify(previous.after);
    } catch {
      return false;
    }
  }

  /** The shape a new operation starts from: what the previous one has built by now. */
  private startingShape(
    spec: ClusterSpec,
    action: OperationAction,
    previous: SimulatedOperation | null,
  ): StackShape {
    if (previous === null) {
      if (action === "create" || action === "delete") return EMPTY_SHAPE;
      throw new DriverError("STACK_NOT_FOUND", `Cluster ${spec.uuid} has no stack yet; create it first`);
    }
    if (action === "create") {
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} already has a stack; it is not created twice`);
    }
    if (previous.action === "delete") {
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} is being deleted`);
    }
    const evaluation = this.evaluate(previous, spec);
    if (evaluation.timeline.state === "IN_PROGRESS" && action !== "delete") {
      const status = `${clusterActionOf(previous.action)}_IN_PROGRESS`;
      const reason = `Stack ${previous.stackName} is in ${status}; wait for it to finish`;
      throw new DriverError("CONFLICT", reason);
    }
    return evaluation.shape;
  }

  private decode(spec: ClusterSpec, stackId: string): SimulatedOperation {
    const operation = this.read(spec, stackId);
    if (typeof operation === "string") throw new DriverError("STACK_NOT_FOUND", operation);
    return operation;
  }

  /** The operation a stack id names, or why it names none. */
  private read(spec: ClusterSpec, stackId: string | null): SimulatedOperation | string {
    if (stackId === null) return `Cluster ${spec.uuid} has no stack`;
    const operation = decodeStackId(stackId);
    if (operation === null) return `Stack ${stackId.slice(0, 60)} is not a simulated stack`;
    if (operation.cluster !== spec.uuid) return `Stack ${operation.stackName} belongs to another cluster`;
    return operation;
  }

  private evaluate(operation: SimulatedOperation, spec: ClusterSpec): Evaluation {
    const evaluation = evaluateOperation(operation, {
      spec,
      faults: resolveFaults(spec, this.faults),
      seed: this.seed,
      now: this.clock.now(),
    });
    for (const progress of evaluation.timeline.stages) {
      if (progress.startedAt === undefined) continue;
      const event: StageStartEvent = {
        cluster: operation.cluster,
        operation: operationKey(operation),
        stage: progress.stage.name,
        at: progress.startedAt,
      };
      if (this.workLog.record(event)) this.onStageStart?.(event);
    }
    return evaluation;
  }
}

function clampRate(rate: number | undefined): number {
  return rate === undefined || !Number.isFinite(rate) ? 0 : Math.min(1, Math.max(0, rate));
}
