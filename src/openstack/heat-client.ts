// Heat's orchestration API (v1) as the driver uses it: stacks, their resources and events, in
// plain records. Every call retries while Heat is down or answering 5xx (http.ts).

import type { EndpointInterface } from "./catalog.js";
import { OpenStackError } from "./http.js";
import type { KeystoneSession } from "./keystone-session.js";

/** A HOT template as JSON (Heat accepts JSON as well as YAML). */
export type HotTemplate = Record<string, unknown>;
/** A stack parameter: Heat turns every value into a string, a json parameter takes a map. */
export type ParameterValue = string | number | boolean | Record<string, string>;

export interface StackRef {
  name: string;
  id: string;
}

export interface StackRecord extends StackRef {
  /** Heat's status, such as CREATE_IN_PROGRESS. */
  status: string;
  statusReason: string;
  /** Heat returns every value as a string. */
  parameters: Record<string, string>;
  /** Resolved outputs; an output Heat could not resolve yet is absent. */
  outputs: Record<string, unknown>;
  createdAt: number;
  updatedAt: number | null;
}

export interface ResourceRecord {
  name: string;
  type: string;
  status: string;
  statusReason: string;
  /** Epoch milliseconds, to the second. */
  updatedAt: number;
  /** The stack the resource is in, and the stack it owns (a resource group's members), if any. */
  stack: StackRef;
  nested: StackRef | null;
}

export interface EventRecord {
  id: string;
  /** Epoch milliseconds, to the second; the list's order is Heat's true order. */
  time: number;
  resourceName: string;
  physicalId: string;
  status: string;
  statusReason: string;
  stack: StackRef;
}

export interface StackCreate {
  stack_name: string;
  template: HotTemplate;
  parameters: Record<string, ParameterValue>;
  files: Record<string, string>;
  environment_files: string[];
  disable_rollback: boolean;
  timeout_mins: number;
  tags: string;
}

/** A PATCH: parameters not named keep their values, as `openstack stack update --existing`. */
export interface StackPatch {
  parameters: Record<string, ParameterValue>;
  template?: HotTemplate;
  clear_parameters?: string[];
  disable_rollback?: boolean;
}

export interface HeatClientOptions {
  interface: EndpointInterface;
  region: string | null;
  /** Told about every failed try, so the driver knows Heat was down (see recovery.ts). */
  onOutage?: () => void;
}

const EVENT_PAGE = 200;

export class HeatClient {
  constructor(
    private readonly session: KeystoneSession,
    private readonly options: HeatClientOptions,
  ) {}

  async createStack(body: StackCreate): Promise<StackRef> {
    const response = await this.call<{ stack: { id: string } }>("POST", "/stacks", { json: body });
    if (response === null) throw new OpenStackError("rejected", "Heat", null, "Heat created no stack");
    return { name: body.stack_name, id: response.stack.id };
  }

  /** The live stack of that name, or null; a deleted stack of the name does not count. */
  async findStack(name: string): Promise<StackRecord | null> {
    return this.stack(`/stacks/${encodeURIComponent(name)}`, false);
  }

  async getStack(ref: StackRef, resolveOutputs: boolean): Promise<StackRecord | null> {
    return this.stack(stackPath(ref), resolveOutputs);
  }

  async patchStack(ref: StackRef, body: StackPatch): Promise<void> {
    await this.call("PATCH", stackPath(ref), { json: body });
  }

  /** Starts the delete; a stack already gone is fine. */
  async deleteStack(ref: StackRef): Promise<void> {
    await this.call("DELETE", stackPath(ref), { accept: [404] });
  }

  /** Resources of the stack and of its nested stacks down to `depth`. */
  async resources(ref: StackRef, depth: number): Promise<ResourceRecord[]> {
    const body = await this.call<{ resources: RawResource[] }>("GET", `${stackPath(ref)}/resources`, {
      searchParams: { nested_depth: depth },
      accept: [404],
    });
    return (body?.resources ?? []).map(resourceRecord);
  }

  /** Events after `marker` (all when empty), oldest first, nested stacks included. */
  async events(ref: StackRef, marker: string, depth: number): Promise<EventRecord[]> {
    const events: EventRecord[] = [];
    let after = marker;
    for (;;) {
      const searchParams: Record<string, string | number> = { nested_depth: depth, sort_dir: "asc", limit: EVENT_PAGE };
      if (after !== "") searchParams["marker"] = after;
      const body = await this.call<{ events: RawEvent[] }>("GET", `${stackPath(ref)}/events`, { searchParams, accept: [404] });
      const page = (body?.events ?? []).map(eventRecord);
      events.push(...page);
      const last = page.at(-1);
      if (page.length < EVENT_PAGE || last === undefined) return events;
      after = last.id;
    }
  }

  /** The newest event's id, the marker for an operation about to start; empty when there is none. */
  async latestEventId(ref: StackRef, depth: number): Promise<string> {
    const body = await this.call<{ events: RawEvent[] }>("GET", `${stackPath(ref)}/events`, {
      searchParams: { nested_depth: depth, sort_dir: "desc", limit: 1 },
      accept: [404],
    });
    return body?.events[0]?.id ?? "";
  }

  private async stack(path: string, resolveOutputs: boolean): Promise<StackRecord | null> {
    const body = await this.call<{ stack: RawStack }>("GET", path, {
      searchParams: { resolve_outputs: resolveOutputs },
      accept: [404],
    });
    if (body === null || body.stack.stack_status === "DELETE_COMPLETE") return null;
    return stackRecord(body.stack);
  }

  private async call<T>(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    options: { json?: unknown; searchParams?: Record<string, string | number | boolean>; accept?: number[] } = {},
  ): Promise<T | null> {
    const base = await this.session.endpoint("orchestration", this.options.interface, this.options.region);
    const request = {
      service: "Heat" as const,
      method,
      url: `${base}${path}`,
      ...options,
      ...(this.options.onOutage === undefined ? {} : { onOutage: this.options.onOutage }),
    };
    const response = await this.session.request<T>(request);
    if (options.accept?.includes(response.status)) return null;
    return response.body;
  }
}

export function stackPath(ref: StackRef): string {
  return `/stacks/${encodeURIComponent(ref.name)}/${ref.id}`;
}

interface RawStack {
  id: string;
  stack_name: string;
  stack_status: string;
  stack_status_reason: string | null;
  parameters?: Record<string, string>;
  outputs?: { output_key: string; output_value?: unknown; output_error?: string }[];
  creation_time: string;
  updated_time: string | null;
}

interface RawLink {
  href: string;
  rel: string;
}

interface RawResource {
  resource_name: string;
  resource_type: string;
  resource_status: string;
  resource_status_reason: string | null;
  updated_time: string | null;
  creation_time: string | null;
  links: RawLink[];
}

interface RawEvent {
  id: string;
  event_time: string;
  resource_name: string;
  physical_resource_id: string | null;
  resource_status: string;
  resource_status_reason: string | null;
  links: RawLink[];
}

function stackRecord(raw: RawStack): StackRecord {
  const outputs: Record<string, unknown> = {};
  for (const output of raw.outputs ?? []) {
    if (output.output_error === undefined && output.output_value !== undefined && output.output_value !== null) {
      outputs[output.output_key] = output.output_value;
    }
  }
  return {
    name: raw.stack_name,
    id: raw.id,
    status: raw.stack_status,
    statusReason: raw.stack_status_reason ?? "",
    parameters: raw.parameters ?? {},
    outputs,
    createdAt: Date.parse(raw.creation_time),
    updatedAt: raw.updated_time === null ? null : Date.parse(raw.updated_time),
  };
}

function resourceRecord(raw: RawResource): ResourceRecord {
  const nested = raw.links.find((link) => link.rel === "nested");
  return {
    name: raw.resource_name,
    type: raw.resource_type,
    status: raw.resource_status,
    statusReason: raw.resource_status_reason ?? "",
    updatedAt: Date.parse(raw.updated_time ?? raw.creation_time ?? "") || 0,
    stack: stackOfLinks(raw.links),
    nested: nested === undefined ? null : stackOfHref(nested.href),
  };
}

function eventRecord(raw: RawEvent): EventRecord {
  return {
    id: raw.id,
    time: Date.parse(raw.event_time) || 0,
    resourceName: raw.resource_name,
    physicalId: raw.physical_resource_id ?? "",
    status: raw.resource_status,
    statusReason: raw.resource_status_reason ?? "",
    stack: stackOfLinks(raw.links),
  };
}

function stackOfLinks(links: readonly RawLink[]): StackRef {
  const link = links.find((candidate) => candidate.rel === "stack");
  return link === undefined ? { name: "", id: "" } : stackOfHref(link.href);
}

/** ".../stacks/<name>/<id>" (possibly followed by more path) → { name, id }. */
export function stackOfHref(href: string): StackRef {
  const match = /\/stacks\/([^/]+)\/([^/?]+)/.exec(href);
  return match === null ? { name: "", id: "" } : { name: decodeURIComponent(match[1] ?? ""), id: match[2] ?? "" };
}
