// The real `openstack coe` (Debian's python3-openstackclient and python3-magnumclient) against Turnkey's Magnum REST face,
// found through the kit's Keystone catalog in a region of its own: what a user runs, each exit status and output checked.
import { waitForValue } from "../support/wait.js";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import got from "got";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keystoneIdToUuid } from "../../src/identity/keystone.js";
import { DATABASES } from "../support/databases.js";
import { FAST } from "../support/lifecycle.js";
import { ensureKit, kitScript, lockKit, missingKit, type KitEnvironment } from "../support/openstack-kit.js";
import { startTestServer, type TestServer } from "../support/server.js";

const run = promisify(execFile);
const OPENSTACK = "/usr/bin/openstack";
const REGION = `turnkey-conformance`;

function missingClient(): string | null {
  if (!existsSync(OPENSTACK)) return `${OPENSTACK} is missing: install python3-openstackclient`;
  if (!existsSync("/usr/lib/python3/dist-packages/magnumclient/__init__.py")) return "python3-magnumclient is missing: run the kit's install.sh --with-magnum";
  return null;
}

const missing = missingKit() ?? missingClient();
if (missing && process.env.CI) throw new Error(`the OpenStack kit and the openstack client are required in CI: ${missing}`);
if (missing) console.warn(`SKIPPED: openstack coe conformance (${missing})`);

async function keystoneToken(kit: KitEnvironment, user: string, password: string, project: string): Promise<string> {
  const response = await got.post(`${kit.OS_AUTH_URL}/auth/tokens`, {
    json: { auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } }, scope: { project: { name: project, domain: { name: "Default" } } } } },
  });
  return String(response.headers["x-subject-token"]);
}

interface Step {
  command: string;
  exit: number;
  output: string;
}

describe.skipIf(missing !== null)("openstack coe against Turnkey", () => {
  let kit: KitEnvironment;
  let release: (() => void) | undefined;
  let started = false;
  let api: TestServer;
  let base: string;
  let adminToken: string;
  let serviceId: string | undefined;
  const endpointIds: string[] = [];
  const home = mkdtempSync(join(tmpdir(), "turnkey-coe-"));
  const transcript: Step[] = [];

  beforeAll(async () => {
    release = await lockKit(900_000);
    ({ kit, started } = await ensureKit());
    api = await startTestServer(DATABASES[0]!, {
      ...FAST,
      TURNKEY_IDENTITY: "keystone",
      TURNKEY_KEYSTONE_URL: kit.OS_AUTH_URL!,
      TURNKEY_KEYSTONE_SERVICE_USER: kit.TURNKEY_OPENSTACK_SERVICE_USERNAME!,
      TURNKEY_KEYSTONE_SERVICE_PASSWORD: kit.TURNKEY_OPENSTACK_SERVICE_PASSWORD!,
      TURNKEY_KEYSTONE_SERVICE_PROJECT: kit.TURNKEY_OPENSTACK_SERVICE_PROJECT!,
    });
    base = api.url.replace(/\/graphql$/, "");
    // Turnkey in the catalog: service type container-infra, in a region of its own, all three interfaces at /v1.
    adminToken = await keystoneToken(kit, "admin", kit.TURNKEY_OPENSTACK_ADMIN_PASSWORD!, "admin");
    const identity = got.extend({ prefixUrl: kit.OS_AUTH_URL!, headers: { "x-auth-token": adminToken } });
    await identity.post("regions", { json: { region: { id: REGION, description: "Turnkey's Magnum API (conformance test)" } } }).catch((error: { response?: { statusCode: number } }) => {
      if (error.response?.statusCode !== 409) throw error;
    });
    const services = await identity.get("services", { searchParams: { type: "container-infra" } }).json<{ services: { id: string; name: string }[] }>();
    serviceId = services.services.find((service) => service.name === "turnkey")?.id;
    serviceId ??= (await identity.post("services", { json: { service: { type: "container-infra", name: "turnkey", enabled: true } } }).json<{ service: { id: string } }>()).service.id;
    const stale = await identity.get("endpoints", { searchParams: { service_id: serviceId, region_id: REGION } }).json<{ endpoints: { id: string }[] }>();
    for (const endpoint of stale.endpoints) await identity.delete(`endpoints/${endpoint.id}`);
    for (const face of ["public", "internal", "admin"]) {
      const created = await identity.post("endpoints", { json: { endpoint: { service_id: serviceId, region_id: REGION, interface: face, url: `${base}/v1`, enabled: true } } }).json<{ endpoint: { id: string } }>();
      endpointIds.push(created.endpoint.id);
    }
  }, 960_000);

  afterAll(async () => {
    // The transcript is the conformance note's source: every command with its exit status.
    console.log(transcript.map((step) => `$ openstack ${step.command}\n[exit ${step.exit}]\n${step.output.trim()}`).join("\n\n"));
    if (adminToken && kit) {
      const identity = got.extend({ prefixUrl: kit.OS_AUTH_URL!, headers: { "x-auth-token": adminToken } });
      for (const id of endpointIds) await identity.delete(`endpoints/${id}`).catch(() => undefined);
      if (serviceId) await identity.delete(`services/${serviceId}`).catch(() => undefined);
      await identity.delete(`regions/${REGION}`).catch(() => undefined);
    }
    await api?.close();
    if (started) await kitScript("stop.sh").catch(() => undefined);
    release?.();
    rmSync(home, { recursive: true, force: true });
  }, 60_000);

  /** Runs `openstack <args>` as a kit user in Turnkey's region; Debian's python only, nothing of this process's environment. */
  async function openstack(args: string[], user: "demo" | "admin" = "demo"): Promise<Step> {
    const password = user === "admin" ? kit.TURNKEY_OPENSTACK_ADMIN_PASSWORD! : kit.TURNKEY_OPENSTACK_DEMO_PASSWORD!;
    const env = {
      PATH: "/usr/bin:/bin",
      HOME: home,
      LANG: "C.UTF-8",
      // cluster config prints the export line for this shell.
      SHELL: "/bin/bash",
      OS_AUTH_URL: kit.OS_AUTH_URL!,
      OS_IDENTITY_API_VERSION: "3",
      OS_USERNAME: user,
      OS_PASSWORD: password,
      OS_PROJECT_NAME: user === "admin" ? "admin" : "demo",
      OS_USER_DOMAIN_NAME: "Default",
      OS_PROJECT_DOMAIN_NAME: "Default",
      OS_REGION_NAME: REGION,
      OS_INTERFACE: "public",
    };
    let step: Step;
    try {
      const { stdout, stderr } = await run(OPENSTACK, args, { env, cwd: home, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 });
      step = { command: args.join(" "), exit: 0, output: `${stdout}${stderr}` };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      step = { command: args.join(" "), exit: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
    transcript.push(step);
    return step;
  }

  async function succeeds(args: string[], user: "demo" | "admin" = "demo"): Promise<string> {
    const step = await openstack(args, user);
    expect(step.exit, `openstack ${step.command}\n${step.output}`).toBe(0);
    return step.output;
  }

  async function json<T>(args: string[], user: "demo" | "admin" = "demo"): Promise<T> {
    // Some commands print a line ("Request to create … accepted") before the document.
    const output = await succeeds([...args, "-f", "json"], user);
    return JSON.parse(output.slice(output.search(/^[[{]/m))) as T;
  }

  /** The rows of a prettytable that the client printed (print_list), by column name. */
  function rows(output: string): Record<string, string>[] {
    const lines = output.split("\n").filter((line) => line.startsWith("|"));
    const cells = (line: string) => line.split("|").slice(1, -1).map((cell) => cell.trim());
    const [header, ...body] = lines.map(cells);
    return body.map((row) => Object.fromEntries(row.map((cell, index) => [header![index]!, cell])));
  }

  /** A print_dict table (Property | Value) as an object. */
  function properties(output: string): Record<string, string> {
    return Object.fromEntries(rows(output).map((row) => [row.Property!, row.Value!]));
  }

  /** Waits on the fact (the cluster's status through the same REST face), with the suite's shared wait. */
  async function waitForStatus(token: string, cluster: string, wanted: string | null): Promise<void> {
    const read = async () => {
      const response = await fetch(`${base}/v1/clusters/${cluster}`, { headers: { "x-auth-token": token } });
      if (response.status === 404) return { gone: true, status: undefined, status_reason: undefined };
      return { gone: false, ...((await response.json()) as { status?: string; status_reason?: string }) };
    };
    const seen = await waitForValue(read, (value) => (wanted === null ? value.gone : value.status === wanted) || Boolean(value.status?.endsWith("FAILED")), `cluster ${cluster} to reach ${wanted ?? "its deletion"}`, 120_000);
    if (wanted !== null && seen.status !== wanted) throw new Error(`cluster ${cluster} is ${seen.status}: ${seen.status_reason}`);
  }

  it("serves the whole openstack coe sequence", async () => {
    const demo = await keystoneToken(kit, "demo", kit.TURNKEY_OPENSTACK_DEMO_PASSWORD!, "demo");
    const demoProject = kit.TURNKEY_OPENSTACK_DEMO_PROJECT_ID!;

    // Cluster templates.
    const template = await json<{ uuid: string; name: string; labels: Record<string, string>; flavor_id: string; master_lb_enabled: boolean }>(
      ["coe", "cluster", "template", "create", "tk-k8s", "--coe", "kubernetes", "--image", "fedora-coreos-38", "--external-network", "public", "--master-lb-enabled", "--labels", "kube_tag=v1.30.4"],
    );
    expect(template).toMatchObject({ name: "tk-k8s", labels: { kube_tag: "v1.30.4" }, flavor_id: "m1.medium", master_lb_enabled: true });
    const newer = await json<{ uuid: string }>(["coe", "cluster", "template", "create", "tk-k8s-newer", "--coe", "kubernetes", "--image", "fedora-coreos-38", "--external-network", "public", "--master-lb-enabled", "--labels", "kube_tag=v1.31.0"]);
    const templates = await json<{ uuid: string; name: string }[]>(["coe", "cluster", "template", "list"]);
    expect(templates.map((entry) => entry.name)).toEqual(expect.arrayContaining(["tk-k8s", "tk-k8s-newer"]));
    expect((await json<{ uuid: string }>(["coe", "cluster", "template", "show", "tk-k8s"])).uuid).toBe(template.uuid);
    const updated = await json<{ labels: Record<string, string>; docker_volume_size: number }>(["coe", "cluster", "template", "update", "tk-k8s", "replace", "labels=kube_tag=v1.30.5,kube_dashboard_enabled=false", "docker_volume_size=20"]);
    expect(updated).toMatchObject({ labels: { kube_tag: "v1.30.5", kube_dashboard_enabled: "false" }, docker_volume_size: 20 });

    // A cluster: 3 masters, 32 workers, an availability zone label.
    const created = await succeeds(["coe", "cluster", "create", "tk-cluster", "--cluster-template", "tk-k8s", "--master-count", "3", "--node-count", "32", "--labels", "availability_zone=nova"]);
    const clusterId = /Request to create cluster ([0-9a-f-]{36}) accepted/.exec(created)?.[1];
    expect(clusterId, created).toBeDefined();
    await waitForStatus(demo, clusterId!, "CREATE_COMPLETE");
    const listed = await json<{ uuid: string; name: string; status: string; node_count: number; master_count: number }[]>(["coe", "cluster", "list"]);
    expect(listed.find((entry) => entry.uuid === clusterId)).toMatchObject({ name: "tk-cluster", status: "CREATE_COMPLETE", node_count: 32, master_count: 3 });
    const shown = await json<{ labels: Record<string, string>; api_address: string; master_addresses: string[]; node_addresses: string[]; health_status: string }>(["coe", "cluster", "show", "tk-cluster"]);
    expect(shown.labels).toEqual({ availability_zone: "nova" });
    expect(shown.master_addresses).toHaveLength(3);
    expect(shown.node_addresses).toHaveLength(32);
    expect(shown.api_address).toMatch(/^https:\/\//);

    // Day two: resize, upgrade.
    expect(await succeeds(["coe", "cluster", "resize", "tk-cluster", "30"])).toContain("accepted");
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    expect((await json<{ node_count: number }>(["coe", "cluster", "show", clusterId!])).node_count).toBe(30);
    // Magnum's older way to scale: a JSON patch of node_count.
    expect(await succeeds(["coe", "cluster", "update", "tk-cluster", "replace", "node_count=31"])).toContain("has been accepted");
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    expect((await json<{ node_count: number }>(["coe", "cluster", "show", clusterId!])).node_count).toBe(31);
    expect(await succeeds(["coe", "cluster", "upgrade", "tk-cluster", "tk-k8s-newer"])).toContain("accepted");
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    expect((await json<{ cluster_template_id: string }>(["coe", "cluster", "show", clusterId!])).cluster_template_id).toBe(newer.uuid);

    // Node groups.
    await succeeds(["coe", "nodegroup", "create", "tk-cluster", "tk-extra", "--node-count", "2", "--min-nodes", "1", "--max-nodes", "5", "--role", "gpu", "--labels", "gpu=true"]);
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    const groups = await json<{ uuid: string; name: string; node_count: number; role: string; status: string }[]>(["coe", "nodegroup", "list", "tk-cluster"]);
    expect(groups.map((group) => group.name).sort()).toEqual(["default-master", "default-worker", "tk-extra"]);
    expect(await json<{ name: string; max_node_count: number; status: string }>(["coe", "nodegroup", "show", "tk-cluster", "tk-extra"])).toMatchObject({ name: "tk-extra", max_node_count: 5, status: "CREATE_COMPLETE" });
    await succeeds(["coe", "nodegroup", "update", "tk-cluster", "tk-extra", "replace", "max_node_count=8"]);
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    expect((await json<{ max_node_count: number }>(["coe", "nodegroup", "show", "tk-cluster", "tk-extra"])).max_node_count).toBe(8);
    await succeeds(["coe", "nodegroup", "delete", "tk-cluster", "tk-extra"]);
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    expect((await json<{ name: string }[]>(["coe", "nodegroup", "list", "tk-cluster"])).map((group) => group.name)).not.toContain("tk-extra");

    // Certificates and the kubeconfig, checked with openssl.
    const ca = await succeeds(["coe", "ca", "show", "tk-cluster"]);
    expect(ca).toContain("-----BEGIN CERTIFICATE-----");
    writeFileSync(join(home, "ca.pem"), ca.slice(ca.indexOf("-----BEGIN")));
    await run("openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", join(home, "user.key"), "-out", join(home, "user.csr"), "-subj", "/CN=demo"]);
    const signed = await succeeds(["coe", "ca", "sign", "tk-cluster", join(home, "user.csr")]);
    writeFileSync(join(home, "user.pem"), signed.slice(signed.indexOf("-----BEGIN CERTIFICATE-----")));
    expect((await run("openssl", ["verify", "-CAfile", join(home, "ca.pem"), join(home, "user.pem")])).stdout).toContain(": OK");
    const configDir = mkdtempSync(join(home, "config-"));
    await succeeds(["coe", "cluster", "config", "tk-cluster", "--dir", configDir]);
    const kubeconfig = readFileSync(join(configDir, "config"), "utf8");
    const field = (name: string) => Buffer.from(new RegExp(`${name}: (\\S+)`).exec(kubeconfig)?.[1] ?? "", "base64").toString("utf8");
    writeFileSync(join(configDir, "ca.pem"), field("certificate-authority-data"));
    writeFileSync(join(configDir, "cert.pem"), field("client-certificate-data"));
    writeFileSync(join(configDir, "key.pem"), field("client-key-data"));
    expect(kubeconfig).toContain(`server: ${shown.api_address}`);
    expect((await run("openssl", ["verify", "-CAfile", join(configDir, "ca.pem"), join(configDir, "cert.pem")])).stdout).toContain(": OK");
    const certificateKey = (await run("openssl", ["x509", "-noout", "-pubkey", "-in", join(configDir, "cert.pem")])).stdout;
    const privateKey = (await run("openssl", ["pkey", "-pubout", "-in", join(configDir, "key.pem")])).stdout;
    expect(certificateKey).toBe(privateKey);
    expect((await run("openssl", ["x509", "-noout", "-subject", "-in", join(configDir, "cert.pem")])).stdout).toMatch(/O ?= ?system:masters/);
    await succeeds(["coe", "ca", "rotate", "tk-cluster"]);
    await waitForStatus(demo, clusterId!, "UPDATE_COMPLETE");
    const rotated = await succeeds(["coe", "ca", "show", "tk-cluster"]);
    expect(rotated.match(/BEGIN CERTIFICATE/g)?.length).toBe(2);

    // Quotas: an admin's business; a member's attempt is refused (and the client still exits 0, printing the refusal).
    const refused = await openstack(["coe", "quotas", "create", "--project-id", demoProject, "--resource", "Cluster", "--hard-limit", "10"]);
    expect(refused.output).toMatch(/403|Forbidden|not allowed|needs/i);
    const quota = properties(await succeeds(["coe", "quotas", "create", "--project-id", demoProject, "--resource", "Cluster", "--hard-limit", "10"], "admin"));
    expect(quota).toMatchObject({ project_id: demoProject, resource: "Cluster", hard_limit: "10" });
    const quotaList = rows(await succeeds(["coe", "quotas", "list", "--all-tenants"], "admin"));
    expect(quotaList).toContainEqual({ project_id: demoProject, resource: "Cluster", hard_limit: "10" });
    expect(properties(await succeeds(["coe", "quotas", "show", "--project-id", demoProject, "--resource", "Cluster"]))).toMatchObject({ hard_limit: "10" });
    expect(properties(await succeeds(["coe", "quotas", "update", "--project-id", demoProject, "--resource", "Cluster", "--hard-limit", "15"], "admin"))).toMatchObject({ hard_limit: "15" });
    expect(await succeeds(["coe", "quotas", "delete", "--project-id", demoProject, "--resource", "Cluster"], "admin")).toMatch(/Request to delete quota .* accepted/);
    expect(properties(await succeeds(["coe", "quotas", "show", "--project-id", demoProject, "--resource", "Cluster"]))).toMatchObject({ hard_limit: "20" });

    // Stats of the demo project: one cluster of 3 masters and 31 workers.
    expect(properties(await succeeds(["coe", "stats", "list", demoProject]))).toEqual({ clusters: "1", nodes: "34" });

    // The same object through the other face: GraphQL sees the REST-made cluster under the same uuid.
    const graphql = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${demo}` }, body: JSON.stringify({ query: "{ clusters(first: 10) { edges { node { uuid name status nodeCount } } } }" }) });
    const nodes = ((await graphql.json()) as { data: { clusters: { edges: { node: { uuid: string; name: string } }[] } } }).data.clusters.edges.map((edge) => edge.node);
    expect(nodes).toContainEqual(expect.objectContaining({ uuid: clusterId, name: "tk-cluster" }));
    expect(keystoneIdToUuid(demoProject).replaceAll("-", "")).toBe(demoProject);

    // Delete: the cluster, then the templates (refused while in use, printed; exit 0 as Magnum's client does).
    const inUse = await openstack(["coe", "cluster", "template", "delete", "tk-k8s-newer"]);
    expect(inUse.output).toMatch(/used by|409|Conflict/i);
    await succeeds(["coe", "cluster", "delete", "tk-cluster"]);
    await waitForStatus(demo, clusterId!, null);
    expect((await json<{ uuid: string }[]>(["coe", "cluster", "list"])).map((entry) => entry.uuid)).not.toContain(clusterId);
    expect(await succeeds(["coe", "cluster", "template", "delete", "tk-k8s", "tk-k8s-newer"])).toMatch(/tk-k8s has been accepted[^]*tk-k8s-newer has been accepted/);
    expect(await json<unknown[]>(["coe", "cluster", "template", "list"])).toEqual([]);
  }, 900_000);
});
