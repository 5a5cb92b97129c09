// What every CLI command shares: the client from the global flags, output as table/json/yaml, name-or-id lookup,
// readable refusals with exit codes, and `--wait` that streams an operation's stages.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SingleBar } from "cli-progress";
import WebSocket from "ws";
import { stringify } from "yaml";
import { TurnkeyClient, TurnkeyError, type ClusterEvent, type OperationDetail } from "../client/client.js";
import { ClusterNamedDocument, TemplateNamedDocument } from "../client/generated/graphql.js";

/** Exit codes: 0 done, 1 refused or failed (userErrors, GraphQL errors, a failed operation), 2 usage, 3 server unreachable. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;

export type OutputFormat = "table" | "json" | "yaml";

export interface GlobalOptions {
  url: string;
  token?: string;
  output: OutputFormat;
}

/** A failure to report on stderr with its exit code (never a stack trace). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export interface UserErrorLike {
  code: string;
  field: string[];
  message: string;
  limit?: number | null;
  used?: number | null;
}

/** The admin token of a server started from this checkout (`npm start` keeps it in .turnkey/admin-token). */
function localAdminToken(): string | undefined {
  const file = path.resolve(process.env.TURNKEY_DATA_DIR ?? ".turnkey", "admin-token");
  return existsSync(file) ? readFileSync(file, "utf8").trim() || undefined : undefined;
}

export class CliContext {
  readonly client: TurnkeyClient;
  readonly output: OutputFormat;

  constructor(options: GlobalOptions) {
    if (!["table", "json", "yaml"].includes(options.output)) throw new CliFailure(`--output must be table, json or yaml, not "${options.output}"`, EXIT.usage);
    this.output = options.output;
    let url: string;
    try {
      url = new URL(options.url).toString();
    } catch {
      throw new CliFailure(`--url must be a URL such as http://127.0.0.1:4000, not "${options.url}"`, EXIT.usage);
    }
    this.client = new TurnkeyClient({ url, token: options.token ?? localAdminToken(), webSocketImpl: WebSocket });
  }

  /** Throws the payload's userErrors as one readable failure. */
  check<Payload extends { userErrors: UserErrorLike[] }>(payload: Payload): Payload {
    if (payload.userErrors.length === 0) return payload;
    const lines = payload.userErrors.map((error) => {
      const field = error.field.length ? ` ${error.field.join(".")}` : "";
      const quota = error.limit !== undefined && error.limit !== null ? ` (limit ${error.limit}, used ${error.used ?? "?"})` : "";
      return `${error.code}${field}: ${error.message}${quota}`;
    });
    throw new CliFailure(lines.join("\n"));
  }

  /** Prints one object (a table of fields) or a list (a table of rows). */
  print(value: unknown, columns?: string[]): void {
    if (this.output === "json") return void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    if (this.output === "yaml") return void process.stdout.write(stringify(value));
    process.stdout.write(`${Array.isArray(value) ? rowsTable(value as Record<string, unknown>[], columns) : fieldsTable(value as Record<string, unknown>)}\n`);
  }

  /** A line for people (stderr), so that stdout stays one parseable document. */
  say(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  async clusterId(nameOrId: string): Promise<string> {
    const found = (await this.client.request(ClusterNamedDocument, { name: nameOrId })).clusters.nodes;
    return pick("cluster", nameOrId, found);
  }

  async templateId(nameOrId: string): Promise<string> {
    const found = (await this.client.request(TemplateNamedDocument, { name: nameOrId })).clusterTemplates.nodes;
    return pick("cluster template", nameOrId, found);
  }

  /**
   * Streams the operation's stages until it ends: a progress bar on a terminal, one line per step otherwise.
   * Returns the operation when it SUCCEEDED; throws a CliFailure with the reason otherwise.
   */
  async wait(operationId: string): Promise<OperationDetail> {
    const terminal = process.stderr.isTTY === true;
    const bar = terminal ? new SingleBar({ format: "{bar} {percentage}% | {stage}", hideCursor: true, clearOnComplete: false }) : null;
    bar?.start(100, 0, { stage: "waiting" });
    let lastLine = "";
    const onEvent = (event: ClusterEvent) => {
      const line = event.type === "PROGRESS" ? `stage ${event.stage ?? "?"} ${event.percent ?? 0}%` : event.type === "STATUS_CHANGED" ? `status ${event.status}${event.statusReason ? `: ${event.statusReason}` : ""}` : event.type === "DELETED" ? "deleted" : `health ${event.healthStatus}`;
      if (bar) bar.update(event.percent ?? (event.type === "DELETED" ? 100 : undefined) ?? 0, { stage: event.stage ?? event.status ?? event.type });
      else if (line !== lastLine) this.say(line);
      lastLine = line;
    };
    let operation: OperationDetail;
    try {
      operation = await this.client.waitForOperation(operationId, { onEvent });
    } finally {
      bar?.stop();
    }
    if (operation.status === "SUCCEEDED") {
      this.say(`${operation.type} ${operation.status}${operation.cluster ? `: cluster ${operation.cluster.name} is ${operation.cluster.status}` : ""}`);
      return operation;
    }
    const reason = operation.error ? `${operation.error.code}: ${operation.error.message}` : (operation.cluster?.statusReason ?? "no reason given");
    throw new CliFailure(`${operation.type} ${operation.status}${operation.cluster ? ` (cluster ${operation.cluster.name} is ${operation.cluster.status})` : ""}: ${reason}`);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function pick(kind: string, nameOrId: string, found: { id: string; name: string }[]): string {
  if (found.length > 1) throw new CliFailure(`more than one ${kind} is named "${nameOrId}": give its id`);
  if (found[0]) return found[0].id;
  // No such name: take it as an id when it is one (the server answers NOT_FOUND for an unknown one).
  if (looksLikeId(nameOrId)) return nameOrId;
  throw new CliFailure(`NOT_FOUND: no such ${kind} "${nameOrId}" (neither a name nor an id)`);
}

/** Turnkey's global ids are base64url of "Type:uuid" (opaque to clients; here only to tell a name from an id). */
function looksLikeId(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && /^[A-Za-z]+:[0-9a-f-]{36}$/.test(Buffer.from(text, "base64url").toString("utf8"));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((entry) => (entry && typeof entry === "object" && "key" in entry ? `${(entry as { key: string }).key}=${(entry as { value: string }).value}` : cell(entry))).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function rowsTable(rows: Record<string, unknown>[], columns?: string[]): string {
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => names.map((name) => cell(row[name])));
  const widths = names.map((name, index) => Math.max(name.length, ...cells.map((line) => line[index]!.length)));
  const format = (line: string[]) => line.map((text, index) => text.padEnd(widths[index]!)).join("  ").trimEnd();
  return [format(names), format(widths.map((width) => "-".repeat(width))), ...cells.map(format)].join("\n");
}

export function fieldsTable(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}`)
    .join("\n");
}

/** `k=v,k2=v2` (openstack coe's --labels) into label inputs. */
export function parseLabels(text: string | undefined): { key: string; value: string }[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(",")
    .filter((pair) => pair.trim() !== "")
    .map((pair) => {
      const separator = pair.indexOf("=");
      if (separator < 1) throw new CliFailure(`--labels takes key=value pairs separated by commas; "${pair}" has no "="`, EXIT.usage);
      return { key: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim() };
    });
}

export function integer(name: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value)) throw new CliFailure(`${name} must be a whole number, not "${text}"`, EXIT.usage);
    return value;
  };
}

export { TurnkeyError };
