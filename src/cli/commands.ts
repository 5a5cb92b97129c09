// The CLI's commands, named and flagged after `openstack coe` where it has them; each one is one or two public
// GraphQL calls through the typed client.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import {
  ApiTokenCreateDocument,
  ApiTokenRevokeDocument,
  CertificateSignDocument,
  ClusterCaRotateDocument,
  ClusterCertificatesDocument,
  ClusterCreateDocument,
  ClusterCredentialsCreateDocument,
  ClusterDeleteDocument,
  ClusterDetailDocument,
  ClusterListDocument,
  ClusterOperationsDocument,
  ClusterResizeDocument,
  ClusterTemplateCreateDocument,
  ClusterTemplateDeleteDocument,
  ClusterTemplateDocument,
  ClusterTemplateUpdateDocument,
  ClusterUpgradeDocument,
  NodeGroupCreateDocument,
  NodeGroupDeleteDocument,
  NodeGroupUpdateDocument,
  OperationDetailDocument,
  ProjectQuotasDocument,
  ProjectsDocument,
  QuotaSetDocument,
  TemplateListDocument,
  ViewerPolicyDocument,
  type Coe,
  type QuotaResource,
  type ServerType,
} from "../client/generated/graphql.js";
import { CliFailure, EXIT, integer, parseLabels, type CliContext } from "./context.js";

type Run = (action: (context: CliContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const COES: Record<string, Coe> = { kubernetes: "KUBERNETES", swarm: "SWARM", "swarm-mode": "SWARM_MODE", mesos: "MESOS", dcos: "DCOS" };

function coe(text: string): Coe {
  const value = COES[text.toLowerCase()] ?? (Object.values(COES).includes(text.toUpperCase() as Coe) ? (text.toUpperCase() as Coe) : undefined);
  if (!value) throw new CliFailure(`--coe must be one of ${Object.keys(COES).join(", ")}`, EXIT.usage);
  return value;
}

function serverType(text: string): ServerType {
  const value = text.toUpperCase();
  if (value !== "VM" && value !== "BM") throw new CliFailure("--server-type must be vm or bm", EXIT.usage);
  return value;
}

function flatCluster(result: unknown): Record<string, unknown> {
  const cluster = (result as { cluster?: { id?: string; name?: string; status?: string } | null }).cluster;
  return cluster ? { cluster: cluster.id, name: cluster.name, clusterStatus: cluster.status } : {};
}

/** `--wait` or not: the operation, then (waiting) its stages streamed until it ends. */
async function accepted(context: CliContext, operation: { id: string; type: string; status: string } | null | undefined, wait: boolean, result: unknown): Promise<void> {
  if (!operation) return context.print(result);
  if (!wait) {
    context.say(`Request to ${operation.type.toLowerCase().replace(/_/g, " ")} accepted: operation ${operation.id}`);
    return context.print(context.output === "table" ? { operation: operation.id, type: operation.type, status: operation.status, ...flatCluster(result) } : result);
  }
  const finished = await context.wait(operation.id);
  context.print(context.output === "table" ? { operation: finished.id, type: finished.type, status: finished.status, cluster: finished.cluster?.name, clusterStatus: finished.cluster?.status } : { ...(result as object), operation: finished });
}

export function templateCommands(program: Command, run: Run): void {
  const template = program.command("template").description("cluster templates");
  template
    .command("create <name>")
    .description("create a cluster template")
    .requiredOption("--coe <coe>", "kubernetes, swarm, swarm-mode, mesos or dcos")
    .requiredOption("--image <image>", "image id or name")
    .option("--keypair <keypair>")
    .option("--flavor <flavor>")
    .option("--master-flavor <flavor>")
    .option("--external-network <network>")
    .option("--network-driver <driver>")
    .option("--volume-driver <driver>")
    .option("--docker-volume-size <gb>", "", integer("--docker-volume-size"))
    .option("--server-type <type>", "vm or bm")
    .option("--labels <k=v,...>")
    .option("--public")
    .option("--hidden")
    .option("--master-lb-enabled")
    .option("--floating-ip-disabled")
    .action(
      run(async (context, name: string, flags: Record<string, string | number | boolean | undefined>) => {
        const payload = context.check(
          (
            await context.client.request(ClusterTemplateCreateDocument, {
              input: {
                name,
                coe: coe(String(flags.coe)),
                imageId: String(flags.image),
                keypairId: flags.keypair as string | undefined,
                flavorId: flags.flavor as string | undefined,
                masterFlavorId: flags.masterFlavor as string | undefined,
                externalNetworkId: flags.externalNetwork as string | undefined,
                networkDriver: flags.networkDriver as string | undefined,
                volumeDriver: flags.volumeDriver as string | undefined,
                dockerVolumeSize: flags.dockerVolumeSize as number | undefined,
                serverType: flags.serverType ? serverType(String(flags.serverType)) : undefined,
                labels: parseLabels(flags.labels as string | undefined),
                public: flags.public ? true : undefined,
                hidden: flags.hidden ? true : undefined,
                masterLbEnabled: flags.masterLbEnabled ? true : undefined,
                floatingIpEnabled: flags.floatingIpDisabled ? false : undefined,
                requestId: randomUUID(),
              },
            })
          ).clusterTemplateCreate,
        );
        context.print(payload.clusterTemplate);
      }),
    );
  template
    .command("list")
    .description("list cluster templates")
    .action(
      run(async (context) => {
        const templates = (await context.client.request(TemplateListDocument, { first: 100 })).clusterTemplates.nodes;
        context.print(templates, context.output === "table" ? ["id", "name", "coe", "imageId", "public", "labels"] : undefined);
      }),
    );
  template
    .command("show <template>")
    .description("show a cluster template (name or id)")
    .action(run(async (context, nameOrId: string) => context.print((await context.client.request(ClusterTemplateDocument, { id: await context.templateId(nameOrId) })).clusterTemplate)));
  template
    .command("update <template>")
    .description("change a cluster template: --name, --image, --labels, --public/--private, …")
    .option("--name <name>")
    .option("--image <image>")
    .option("--flavor <flavor>")
    .option("--master-flavor <flavor>")
    .option("--labels <k=v,...>", "replaces the labels")
    .option("--public")
    .option("--private")
    .action(
      run(async (context, nameOrId: string, flags: Record<string, string | boolean | undefined>) => {
        const id = await context.templateId(nameOrId);
        const payload = context.check(
          (
            await context.client.request(ClusterTemplateUpdateDocument, {
              input: {
                id,
                name: flags.name as string | undefined,
                imageId: flags.image as string | undefined,
                flavorId: flags.flavor as string | undefined,
                masterFlavorId: flags.masterFlavor as string | undefined,
                labels: parseLabels(flags.labels as string | undefined),
                public: flags.public ? true : flags.private ? false : undefined,
                requestId: randomUUID(),
              },
            })
          ).clusterTemplateUpdate,
        );
        context.print(payload.clusterTemplate);
      }),
    );
  template
    .command("delete <template>")
    .description("delete a cluster template no cluster uses")
    .action(
      run(async (context, nameOrId: string) => {
        const payload = context.check((await context.client.request(ClusterTemplateDeleteDocument, { input: { id: await context.templateId(nameOrId), requestId: randomUUID() } })).clusterTemplateDelete);
        context.print({ deletedClusterTemplateId: payload.deletedClusterTemplateId });
      }),
    );
}

export function clusterCommands(program: Command, run: Run): void {
  const cluster = program.command("cluster").description("clusters");
  cluster
    .command("create <name>")
    .description("create a cluster (returns at once; --wait streams its stages until it is done)")
    .requiredOption("--cluster-template <template>", "name or id")
    .option("--master-count <n>", "", integer("--master-count"))
    .option("--node-count <n>", "", integer("--node-count"))
    .option("--flavor <flavor>")
    .option("--master-flavor <flavor>")
    .option("--keypair <keypair>")
    .option("--labels <k=v,...>")
    .option("--merge-labels", "add --labels to the template's instead of replacing them")
    .option("--timeout <minutes>", "create timeout", integer("--timeout"))
    .option("--docker-volume-size <gb>", "", integer("--docker-volume-size"))
    .option("--wait", "stream the stages and exit when the cluster is built (non-zero when it fails)")
    .action(
      run(async (context, name: string, flags: Record<string, string | number | boolean | undefined>) => {
        const payload = context.check(
          (
            await context.client.request(ClusterCreateDocument, {
              input: {
                name,
                clusterTemplateId: await context.templateId(String(flags.clusterTemplate)),
                masterCount: flags.masterCount as number | undefined,
                nodeCount: flags.nodeCount as number | undefined,
                flavorId: flags.flavor as string | undefined,
                masterFlavorId: flags.masterFlavor as string | undefined,
                keypair: flags.keypair as string | undefined,
                labels: parseLabels(flags.labels as string | undefined),
                mergeLabels: flags.mergeLabels ? true : undefined,
                createTimeout: flags.timeout as number | undefined,
                dockerVolumeSize: flags.dockerVolumeSize as number | undefined,
                requestId: randomUUID(),
              },
            })
          ).clusterCreate,
        );
        const summary = payload.cluster ? { id: payload.cluster.id, uuid: payload.cluster.uuid, name: payload.cluster.name, status: payload.cluster.status } : null;
        await accepted(context, payload.operation, Boolean(flags.wait), { cluster: summary, operation: payload.operation });
      }),
    );
  cluster
    .command("list")
    .description("list clusters")
    .option("--status <status>", "only clusters in this status")
    .action(
      run(async (context, flags: { status?: string }) => {
        const clusters = (await context.client.request(ClusterListDocument, { first: 100, filter: flags.status ? { status: [flags.status.toUpperCase() as never] } : null })).clusters.nodes;
        if (context.output !== "table") return context.print(clusters);
        context.print(
          clusters.map((entry) => ({ id: entry.id, name: entry.name, status: entry.status, health: entry.healthStatus, masters: entry.masterCount, nodes: entry.nodeCount, template: entry.template.name })),
        );
      }),
    );
  cluster
    .command("show <cluster>")
    .description("show a cluster (name or id)")
    .action(
      run(async (context, nameOrId: string) => {
        const detail = (await context.client.request(ClusterDetailDocument, { id: await context.clusterId(nameOrId), eventsFirst: 10 })).cluster;
        if (context.output !== "table") return context.print(detail);
        const { nodeGroups, operations, events, template, currentOperation, ...fields } = detail;
        context.print({
          ...fields,
          template: template.name,
          nodeGroups: nodeGroups.nodes.map((group) => `${group.name} (${group.role}, ${group.nodeCount})`).join(", "),
          currentOperation: currentOperation ? `${currentOperation.type} ${currentOperation.status} ${currentOperation.progress.percent}%` : null,
          lastOperation: operations.nodes[0] ? `${operations.nodes[0].type} ${operations.nodes[0].status}` : null,
          events: events.nodes.length,
        });
      }),
    );
  cluster
    .command("resize <cluster> <node-count>")
    .description("change the node count of the default worker group (or --nodegroup)")
    .option("--nodegroup <id>", "node group id")
    .option("--nodes-to-remove <names>", "comma-separated node names to remove first")
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, nameOrId: string, count: string, flags: { nodegroup?: string; nodesToRemove?: string; wait?: boolean }) => {
        const payload = context.check(
          (
            await context.client.request(ClusterResizeDocument, {
              input: { id: await context.clusterId(nameOrId), nodeCount: integer("node-count")(count), nodeGroupId: flags.nodegroup, nodesToRemove: flags.nodesToRemove?.split(","), requestId: randomUUID() },
            })
          ).clusterResize,
        );
        await accepted(context, payload.operation, Boolean(flags.wait), { cluster: payload.cluster, operation: payload.operation });
      }),
    );
  cluster
    .command("upgrade <cluster> <cluster-template>")
    .description("roll the cluster onto another template")
    .option("--max-batch-size <n>", "", integer("--max-batch-size"))
    .option("--nodegroup <id>")
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, nameOrId: string, templateName: string, flags: { maxBatchSize?: number; nodegroup?: string; wait?: boolean }) => {
        const payload = context.check(
          (
            await context.client.request(ClusterUpgradeDocument, {
              input: { id: await context.clusterId(nameOrId), clusterTemplateId: await context.templateId(templateName), maxBatchSize: flags.maxBatchSize, nodeGroupId: flags.nodegroup, requestId: randomUUID() },
            })
          ).clusterUpgrade,
        );
        await accepted(context, payload.operation, Boolean(flags.wait), { cluster: payload.cluster, operation: payload.operation });
      }),
    );
  cluster
    .command("delete <cluster>")
    .description("delete a cluster")
    .option("--wait", "stream the stages and exit when it is gone")
    .action(
      run(async (context, nameOrId: string, flags: { wait?: boolean }) => {
        const payload = context.check((await context.client.request(ClusterDeleteDocument, { input: { id: await context.clusterId(nameOrId), requestId: randomUUID() } })).clusterDelete);
        await accepted(context, payload.operation, Boolean(flags.wait), { cluster: payload.cluster, deletedClusterId: payload.deletedClusterId, operation: payload.operation });
      }),
    );
  cluster
    .command("config <cluster>")
    .description("write a kubeconfig to DIR/config and print the export line (as openstack coe cluster config)")
    .option("--dir <dir>", "directory for the config file", ".")
    .option("--force", "overwrite an existing DIR/config")
    .option("--viewer", "read-only credentials instead of cluster-admin")
    .option("--ttl <seconds>", "lifetime of the client certificate", integer("--ttl"))
    .action(
      run(async (context, nameOrId: string, flags: { dir: string; force?: boolean; viewer?: boolean; ttl?: number }) => {
        const file = path.resolve(flags.dir, "config");
        if (existsSync(file) && !flags.force) throw new CliFailure(`${file} exists: pass --force to overwrite it`);
        const payload = context.check(
          (await context.client.request(ClusterCredentialsCreateDocument, { input: { clusterId: await context.clusterId(nameOrId), role: flags.viewer ? "VIEWER" : "ADMIN", ttlSeconds: flags.ttl } })).clusterCredentialsCreate,
        );
        if (!payload.kubeconfig) throw new CliFailure("the server returned no kubeconfig");
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, payload.kubeconfig, { mode: 0o600 });
        if (context.output === "table") process.stdout.write(`export KUBECONFIG=${file}\n`);
        else context.print({ kubeconfig: file, expiresAt: payload.expiresAt, export: `export KUBECONFIG=${file}` });
      }),
    );
}

export function nodeGroupCommands(program: Command, run: Run): void {
  const nodegroup = program.command("nodegroup").description("node groups of a cluster");
  nodegroup
    .command("list <cluster>")
    .action(
      run(async (context, nameOrId: string) => {
        const groups = (await context.client.request(ClusterDetailDocument, { id: await context.clusterId(nameOrId), eventsFirst: 0 })).cluster.nodeGroups.nodes;
        context.print(groups, context.output === "table" ? ["id", "name", "role", "status", "nodeCount", "minNodeCount", "maxNodeCount", "flavorId", "isDefault"] : undefined);
      }),
    );
  nodegroup
    .command("create <cluster> <name>")
    .option("--node-count <n>", "", integer("--node-count"))
    .option("--min-nodes <n>", "", integer("--min-nodes"))
    .option("--max-nodes <n>", "", integer("--max-nodes"))
    .option("--role <role>", "worker by default")
    .option("--flavor <flavor>")
    .option("--image <image>")
    .option("--labels <k=v,...>")
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, nameOrId: string, name: string, flags: Record<string, string | number | boolean | undefined>) => {
        const payload = context.check(
          (
            await context.client.request(NodeGroupCreateDocument, {
              input: {
                clusterId: await context.clusterId(nameOrId),
                name,
                nodeCount: flags.nodeCount as number | undefined,
                minNodeCount: flags.minNodes as number | undefined,
                maxNodeCount: flags.maxNodes as number | undefined,
                role: flags.role as string | undefined,
                flavorId: flags.flavor as string | undefined,
                imageId: flags.image as string | undefined,
                labels: parseLabels(flags.labels as string | undefined),
                requestId: randomUUID(),
              },
            })
          ).nodeGroupCreate,
        );
        await accepted(context, payload.operation, Boolean(flags.wait), { nodeGroup: payload.nodeGroup, operation: payload.operation });
      }),
    );
  nodegroup
    .command("update <nodegroup-id>")
    .option("--min-nodes <n>", "", integer("--min-nodes"))
    .option("--max-nodes <n>", "", integer("--max-nodes"))
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, id: string, flags: { minNodes?: number; maxNodes?: number; wait?: boolean }) => {
        const payload = context.check((await context.client.request(NodeGroupUpdateDocument, { input: { id, minNodeCount: flags.minNodes, maxNodeCount: flags.maxNodes, requestId: randomUUID() } })).nodeGroupUpdate);
        await accepted(context, payload.operation, Boolean(flags.wait), { nodeGroup: payload.nodeGroup, operation: payload.operation });
      }),
    );
  nodegroup
    .command("delete <nodegroup-id>")
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, id: string, flags: { wait?: boolean }) => {
        const payload = context.check((await context.client.request(NodeGroupDeleteDocument, { input: { id, requestId: randomUUID() } })).nodeGroupDelete);
        await accepted(context, payload.operation, Boolean(flags.wait), { nodeGroup: payload.nodeGroup, operation: payload.operation });
      }),
    );
}

export function caCommands(program: Command, run: Run): void {
  const ca = program.command("ca").description("a cluster's certificate authorities");
  ca.command("show <cluster>")
    .description("print the cluster's CA bundle (PEM); -o json/yaml for every CA")
    .action(
      run(async (context, nameOrId: string) => {
        const cluster = (await context.client.request(ClusterCertificatesDocument, { id: await context.clusterId(nameOrId) })).cluster;
        if (context.output === "table") process.stdout.write(cluster.certificateAuthorityBundle ?? "");
        else context.print(cluster);
      }),
    );
  ca.command("rotate <cluster>")
    .description("rotate the cluster's CAs (--retire-previous for the second phase)")
    .option("--retire-previous", "stop trusting the previous CA now")
    .option("--wait", "stream the stages and exit when done")
    .action(
      run(async (context, nameOrId: string, flags: { retirePrevious?: boolean; wait?: boolean }) => {
        const payload = context.check(
          (await context.client.request(ClusterCaRotateDocument, { input: { id: await context.clusterId(nameOrId), phase: flags.retirePrevious ? "RETIRE_PREVIOUS" : "ROTATE", requestId: randomUUID() } })).clusterCaRotate,
        );
        await accepted(context, payload.operation, Boolean(flags.wait), { cluster: payload.cluster, operation: payload.operation });
      }),
    );
  ca.command("sign <cluster> <csr-file>")
    .description("sign a PEM CSR with the cluster's CA; prints the certificate")
    .option("--ttl <seconds>", "lifetime", integer("--ttl"))
    .action(
      run(async (context, nameOrId: string, csrFile: string, flags: { ttl?: number }) => {
        const payload = context.check(
          (await context.client.request(CertificateSignDocument, { input: { clusterId: await context.clusterId(nameOrId), csr: readFileSync(csrFile, "utf8"), ttlSeconds: flags.ttl, requestId: randomUUID() } })).certificateSign,
        );
        if (context.output === "table") process.stdout.write(payload.certificate?.pem ?? "");
        else context.print(payload.certificate);
      }),
    );
}

export function operationCommands(program: Command, run: Run): void {
  const operation = program.command("operation").description("lifecycle operations");
  operation
    .command("list <cluster>")
    .action(
      run(async (context, nameOrId: string) => {
        const operations = (await context.client.request(ClusterOperationsDocument, { id: await context.clusterId(nameOrId), first: 50 })).cluster.operations.nodes;
        if (context.output !== "table") return context.print(operations);
        context.print(operations.map((entry) => ({ id: entry.id, type: entry.type, status: entry.status, percent: entry.progress.percent, created: entry.createdAt, finished: entry.finishedAt, error: entry.error ? `${entry.error.code}: ${entry.error.message}` : null })));
      }),
    );
  operation
    .command("show <operation-id>")
    .action(
      run(async (context, id: string) => {
        const detail = (await context.client.request(OperationDetailDocument, { id })).operation;
        if (context.output !== "table") return context.print(detail);
        context.print({ ...detail, cluster: detail.cluster?.name, progress: `${detail.progress.percent}%`, stages: detail.progress.stages.map((stage) => `${stage.name}:${stage.status}`).join(" ") });
      }),
    );
  operation
    .command("wait <operation-id>")
    .description("stream the operation's stages; exit 0 when it succeeds, 1 with the reason when it fails")
    .action(run(async (context, id: string) => context.print(await context.wait(id))));
  program
    .command("events [cluster]")
    .description("print cluster events as they happen (one cluster, or all you may see)")
    .option("--follow", "keep streaming until Ctrl-C (the default; with a cluster and no --after it starts at its current operation)")
    .option("--after <cursor>", "replay from after this cursor first")
    .action(
      run(async (context, nameOrId: string | undefined, flags: { follow?: boolean; after?: string }) => {
        const clusterId = nameOrId ? await context.clusterId(nameOrId) : undefined;
        const controller = new AbortController();
        process.once("SIGINT", () => controller.abort());
        for await (const event of context.client.clusterEvents({ clusterId, after: flags.after, signal: controller.signal, onReconnect: (attempt) => context.say(`connection lost: reconnecting (attempt ${attempt})`) })) {
          if (context.output === "table") process.stdout.write(`${[event.cursor, event.type, event.clusterId, event.status ?? "", event.stage ?? "", event.percent ?? "", event.healthStatus ?? "", event.statusReason ?? ""].join("\t")}\n`);
          else process.stdout.write(`${JSON.stringify(event)}\n`);
        }
      }),
    );
}

export function tenancyCommands(program: Command, run: Run): void {
  const projectId = async (context: CliContext, nameOrId: string | undefined): Promise<string> => {
    const projects = (await context.client.request(ProjectsDocument)).projects;
    if (!nameOrId) {
      if (projects.length === 1 || projects[0]) return projects[0]!.id;
      throw new CliFailure("you see no project: pass --project");
    }
    return projects.find((project) => project.name === nameOrId)?.id ?? nameOrId;
  };
  const quota = program.command("quota").description("project quotas");
  quota
    .command("show")
    .option("--project <project>", "name or id (default: your first project)")
    .action(
      run(async (context, flags: { project?: string }) => {
        const project = (await context.client.request(ProjectQuotasDocument, { id: await projectId(context, flags.project) })).project;
        context.print(context.output === "table" ? project.quotas : project);
      }),
    );
  quota
    .command("set <resource> <limit>")
    .description("resource: clusters, nodes or node-groups-per-cluster")
    .option("--project <project>", "name or id (default: your first project)")
    .action(
      run(async (context, resource: string, limit: string, flags: { project?: string }) => {
        const payload = context.check(
          (await context.client.request(QuotaSetDocument, { input: { projectId: await projectId(context, flags.project), resource: resource.toUpperCase().replace(/-/g, "_") as QuotaResource, limit: integer("limit")(limit) } })).quotaSet,
        );
        context.print(payload.project?.quotas ?? []);
      }),
    );
  const token = program.command("token").description("API tokens");
  token
    .command("create <name>")
    .description("create an API token (printed once)")
    .option("--user <user-id>", "default: yourself")
    .option("--expires-at <iso-time>")
    .action(
      run(async (context, name: string, flags: { user?: string; expiresAt?: string }) => {
        const userId = flags.user ?? (await context.client.request(ViewerPolicyDocument)).viewer.user?.id;
        if (!userId) throw new CliFailure("pass --user: this identity has no user of its own");
        const payload = context.check((await context.client.request(ApiTokenCreateDocument, { input: { name, userId, expiresAt: flags.expiresAt } })).apiTokenCreate);
        if (context.output === "table") process.stdout.write(`${payload.token}\n`);
        else context.print({ token: payload.token, apiToken: payload.apiToken });
      }),
    );
  token
    .command("revoke <token-id>")
    .action(run(async (context, id: string) => context.print(context.check((await context.client.request(ApiTokenRevokeDocument, { input: { id } })).apiTokenRevoke).apiToken)));
}
