// Heat stacks, resources and events shaped as the real API gives them (recorded from the kit), for
// the Heat driver's pure functions.

import type { EventRecord, ResourceRecord, StackRecord, StackRef } from "../../../src/openstack/heat-client.js";

export const ROOT: StackRef = { name: "demo-5f0c1d2e", id: "9a26bb1c-245c-42d5-b407-c25a75dcfed3" };
export const MASTERS: StackRef = { name: "demo-5f0c1d2e-default-master-dfpiwonqyqk3", id: "1487fde4-3b80-4c62-ab96-39f9371c8365" };
export const WORKERS: StackRef = { name: "demo-5f0c1d2e-default-worker-kmz2yvzki2rf", id: "286a87f5-ce5a-4d4a-8312-08ec8d644a11" };

export const T0 = Date.UTC(2026, 10, 26, 3, 12, 3);

let sequence = 0;

/** An event `seconds` after T0 in `stack`; the stack's own events carry the stack's name. */
export function event(stack: StackRef, resourceName: string, status: string, seconds: number, reason = "state changed"): EventRecord {
  sequence++;
  return {
    id: `event-${String(sequence).padStart(4, "0")}`,
    time: T0 + seconds * 1000,
    resourceName,
    physicalId: resourceName === stack.name ? stack.id : `physical-${resourceName}`,
    status,
    statusReason: reason,
    stack,
  };
}

export function resource(
  stack: StackRef,
  name: string,
  type: string,
  status: string,
  nested: StackRef | null = null,
  reason = "state changed",
): ResourceRecord {
  return { name, type, status, statusReason: reason, updatedAt: T0, stack, nested };
}

export function stack(status: string, overrides: Partial<StackRecord> = {}): StackRecord {
  return {
    ...ROOT,
    status,
    statusReason: `Stack ${status.split("_")[0]} ${status.endsWith("COMPLETE") ? "completed successfully" : "started"}`,
    parameters: {
      "default-master_count": "1",
      "default-master_image": "fedora-coreos-40",
      "default-master_version": "v1.30.4",
      "default-worker_count": "2",
      "default-worker_image": "fedora-coreos-40",
      "default-worker_version": "v1.30.4",
      "default-worker_nodes_to_remove": "",
      ca_generation: "0",
    },
    outputs: {},
    createdAt: T0,
    updatedAt: null,
    ...overrides,
  };
}

/** The recorded create of one master and two workers, in Heat's order. */
export function createEvents(): EventRecord[] {
  return [
    event(ROOT, ROOT.name, "CREATE_IN_PROGRESS", 0, "Stack CREATE started"),
    event(ROOT, "network", "CREATE_IN_PROGRESS", 0),
    event(ROOT, "network", "CREATE_COMPLETE", 0),
    event(ROOT, "default-master", "CREATE_IN_PROGRESS", 1),
    event(MASTERS, MASTERS.name, "CREATE_IN_PROGRESS", 1, "Stack CREATE started"),
    event(MASTERS, "0", "CREATE_IN_PROGRESS", 1),
    event(MASTERS, "0", "CREATE_COMPLETE", 3),
    event(MASTERS, MASTERS.name, "CREATE_COMPLETE", 3, "Stack CREATE completed successfully"),
    event(ROOT, "default-master", "CREATE_COMPLETE", 3),
    event(ROOT, "default-worker", "CREATE_IN_PROGRESS", 3),
    event(WORKERS, WORKERS.name, "CREATE_IN_PROGRESS", 3, "Stack CREATE started"),
    event(WORKERS, "1", "CREATE_IN_PROGRESS", 3),
    event(WORKERS, "0", "CREATE_IN_PROGRESS", 3),
    event(WORKERS, "1", "CREATE_COMPLETE", 4),
    event(WORKERS, "0", "CREATE_COMPLETE", 4),
    event(WORKERS, WORKERS.name, "CREATE_COMPLETE", 4, "Stack CREATE completed successfully"),
    event(ROOT, "default-worker", "CREATE_COMPLETE", 4),
    event(ROOT, ROOT.name, "CREATE_COMPLETE", 4, "Stack CREATE completed successfully"),
  ];
}

/** The resources once the create is done. */
export function createdResources(): ResourceRecord[] {
  return [
    resource(ROOT, "network", "Turnkey::Network", "CREATE_COMPLETE"),
    resource(ROOT, "default-master", "OS::Heat::ResourceGroup", "CREATE_COMPLETE", MASTERS),
    resource(ROOT, "default-worker", "OS::Heat::ResourceGroup", "CREATE_COMPLETE", WORKERS),
    resource(MASTERS, "0", "Turnkey::Server", "CREATE_COMPLETE"),
    resource(WORKERS, "0", "Turnkey::Server", "CREATE_COMPLETE"),
    resource(WORKERS, "1", "Turnkey::Server", "CREATE_COMPLETE"),
  ];
}

/** Outputs of that stack, as Heat resolves them. */
export const CREATED_OUTPUTS = {
  api_address: "https://10.0.0.10:6443",
  master_addresses: ["10.0.0.10"],
  node_addresses: ["10.1.0.10", "10.1.1.10"],
  "default-master_nodes": { "0": "10.0.0.10" },
  "default-worker_nodes": { "0": "10.1.0.10", "1": "10.1.1.10" },
};
