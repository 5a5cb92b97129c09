// The web console: sign in with a token, see templates and clusters update live, open a cluster (stages, events,
// node groups, operations), create, resize and delete clusters, download a kubeconfig. Public GraphQL API only.
import { TurnkeyClient, TurnkeyError, type ClusterEvent } from "../../src/client/client.js";
import {
  ClusterCreateDocument,
  ClusterCredentialsCreateDocument,
  ClusterDeleteDocument,
  ClusterDetailDocument,
  ClusterResizeDocument,
  TurnkeyOverviewDocument,
  type ClusterDetailQuery,
  type TurnkeyOverviewQuery,
} from "../../src/client/generated/graphql.js";

const TOKEN_KEY = "turnkey.token";
const app = document.getElementById("app")!;
const live = document.getElementById("live")!;
const who = document.getElementById("who")!;
const signOut = document.getElementById("sign-out") as HTMLButtonElement;

type Overview = TurnkeyOverviewQuery;
type Detail = NonNullable<ClusterDetailQuery["cluster"]>;
type UserErrors = { code: string; field: string[]; message: string }[];

let client: TurnkeyClient | null = null;
let overview: Overview | null = null;
let detail: Detail | null = null;
let stream: AbortController | null = null;
let refresh: number | undefined;

function escape(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function statusBadge(status: string, testId = ""): string {
  const kind = status.endsWith("_COMPLETE") ? "s-COMPLETE" : status.endsWith("_IN_PROGRESS") ? "s-IN_PROGRESS" : status.endsWith("_FAILED") ? "s-FAILED" : "";
  return `<span class="badge ${kind}"${testId ? ` data-testid="${testId}"` : ""}>${escape(status)}</span>`;
}

function healthBadge(health: string): string {
  return `<span class="badge h-${escape(health)}">${escape(health)}</span>`;
}

function problem(error: unknown): string {
  if (error instanceof TurnkeyError) return `${error.code ? `${error.code}: ` : ""}${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function userErrorText(errors: UserErrors): string {
  return errors.map((error) => `${error.code}${error.field.length ? ` (${error.field.join(".")})` : ""}: ${error.message}`).join("; ");
}

function route(): { view: "overview" } | { view: "cluster"; id: string } {
  const match = /^#\/clusters\/(.+)$/.exec(location.hash);
  return match?.[1] ? { view: "cluster", id: decodeURIComponent(match[1]) } : { view: "overview" };
}

function renderSignIn(message = ""): void {
  app.dataset.view = "sign-in";
  who.textContent = "";
  signOut.hidden = true;
  app.innerHTML = `
    <section>
      <h2>Sign in</h2>
      <p class="muted">Paste an API token: the admin token the server printed at start (kept in <code>.turnkey/admin-token</code>), or one from <code>turnkey token create</code>.</p>
      <form id="sign-in">
        <label>Token <input name="token" type="password" size="48" autocomplete="off" data-testid="token" required></label>
        <button type="submit" data-testid="sign-in">Sign in</button>
      </form>
      <p class="error" data-testid="sign-in-error">${escape(message)}</p>
    </section>`;
  app.querySelector("#sign-in")!.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = new FormData(event.target as HTMLFormElement).get("token")!.toString().trim();
    void start(token);
  });
}

async function start(token: string): Promise<void> {
  client = new TurnkeyClient({ url: location.origin, token });
  try {
    overview = await client.request(TurnkeyOverviewDocument, { first: 100 });
  } catch (error) {
    client = null;
    localStorage.removeItem(TOKEN_KEY);
    renderSignIn(problem(error));
    return;
  }
  localStorage.setItem(TOKEN_KEY, token);
  who.textContent = `${overview.viewer.user?.name ?? "signed in"}${overview.viewer.isGlobalAdmin ? " (global admin)" : ""}`;
  signOut.hidden = false;
  follow();
  await show();
}

/** One subscription for every visible cluster; each event refreshes what is on screen. */
function follow(): void {
  stream?.abort();
  stream = new AbortController();
  const signal = stream.signal;
  const running = client!;
  void (async () => {
    try {
      live.textContent = "live";
      live.className = "badge live";
      for await (const event of running.clusterEvents({ signal, retries: 1_000, onReconnect: () => ((live.textContent = "reconnecting"), (live.className = "badge")) })) {
        live.textContent = "live";
        live.className = "badge live";
        apply(event);
      }
    } catch (error) {
      live.textContent = `offline: ${problem(error)}`;
      live.className = "badge s-FAILED";
    }
  })();
}

function apply(event: ClusterEvent): void {
  const summary = overview?.clusters.nodes.find((cluster) => cluster.id === event.clusterId);
  if (summary) {
    if (event.status) summary.status = event.status;
    if (event.statusReason !== null) summary.statusReason = event.statusReason;
    if (event.healthStatus) summary.healthStatus = event.healthStatus;
    if (event.type === "DELETED") overview!.clusters.nodes = overview!.clusters.nodes.filter((cluster) => cluster !== summary);
  }
  // A new cluster, a stage, a finished operation: re-read what is shown, at most a few times a second.
  refresh ??= window.setTimeout(() => {
    refresh = undefined;
    void show(false);
  }, 150);
  if (route().view === "overview") renderOverview();
}

async function show(loading = true): Promise<void> {
  if (!client) return renderSignIn();
  const current = route();
  try {
    if (current.view === "overview") {
      overview = await client.request(TurnkeyOverviewDocument, { first: 100 });
      if (route().view === "overview") renderOverview();
    } else {
      if (loading && app.dataset.view !== `cluster:${current.id}`) (app.dataset.view = "loading"), (app.innerHTML = `<p class="muted">Loading…</p>`);
      detail = (await client.request(ClusterDetailDocument, { id: current.id, eventsFirst: 30 })).cluster;
      const now = route();
      if (now.view === "cluster" && now.id === current.id) renderCluster(detail);
    }
  } catch (error) {
    if (error instanceof TurnkeyError && error.code === "UNAUTHENTICATED") return renderSignIn(problem(error));
    if (current.view === "cluster" && error instanceof TurnkeyError && error.code === "NOT_FOUND") {
      app.dataset.view = "gone";
      app.innerHTML = `<section><p>That cluster is gone (deleted, or not visible to you). <a href="#/">Back</a></p></section>`;
      return;
    }
    app.dataset.view = "error";
    app.innerHTML = `<section><p class="error">${escape(problem(error))}</p></section>`;
  }
}

/** Writes the page's frame once per view, so live updates never wipe what someone is typing into a form. */
function frame(key: string, html: string): boolean {
  if (app.dataset.view === key) return false;
  app.dataset.view = key;
  app.innerHTML = html;
  return true;
}

function renderOverview(): void {
  if (!overview) return;
  const templates = overview.clusterTemplates.nodes;
  const templateKey = `overview:${templates.map((template) => template.id).join(",")}`;
  if (
    frame(
      templateKey,
      `
    <section>
      <h2>Clusters (<span id="cluster-count"></span>)</h2>
      <table data-testid="clusters"><thead><tr><th>Name</th><th>Status</th><th>Health</th><th>Masters</th><th>Nodes</th><th>Template</th><th>Operation</th></tr></thead><tbody id="cluster-rows"></tbody></table>
    </section>
    <section>
      <h2>Create a cluster</h2>
      ${
        templates.length === 0
          ? `<p class="muted">No template yet: <code>turnkey template create k8s --coe kubernetes --image fedora-coreos-38</code></p>`
          : `<form id="create">
        <label>Name <input name="name" required data-testid="create-name"></label>
        <label>Template <select name="template" data-testid="create-template">${templates.map((template) => `<option value="${escape(template.id)}">${escape(template.name)}</option>`).join("")}</select></label>
        <label>Masters <input name="masters" type="number" min="1" value="1" style="width:5em"></label>
        <label>Nodes <input name="nodes" type="number" min="0" value="1" style="width:5em" data-testid="create-nodes"></label>
        <button type="submit" data-testid="create">Create</button>
      </form>`
      }
      <p class="error" id="create-error" data-testid="create-error"></p>
    </section>
    <section>
      <h2>Cluster templates (${overview.clusterTemplates.totalCount})</h2>
      <table data-testid="templates">
        <tr><th>Name</th><th>COE</th><th>Image</th><th>Public</th><th>Labels</th></tr>
        ${templates.map((template) => `<tr><td>${escape(template.name)}</td><td>${escape(template.coe)}</td><td>${escape(template.imageId)}</td><td>${template.public ? "yes" : "no"}</td><td class="muted">${template.labels.map((label) => `${escape(label.key)}=${escape(label.value)}`).join(", ")}</td></tr>`).join("")}
      </table>
    </section>`,
    )
  ) {
    app.querySelector("#create")?.addEventListener("submit", (event) => {
      event.preventDefault();
      const form = new FormData(event.target as HTMLFormElement);
      void (async () => {
        const errorLine = app.querySelector("#create-error")!;
        try {
          const result = await client!.request(ClusterCreateDocument, {
            input: { name: String(form.get("name")), clusterTemplateId: String(form.get("template")), masterCount: Number(form.get("masters")), nodeCount: Number(form.get("nodes")), requestId: crypto.randomUUID() },
          });
          const payload = result.clusterCreate;
          errorLine.textContent = userErrorText(payload.userErrors);
          if (!payload.userErrors.length) await show(false);
        } catch (error) {
          errorLine.textContent = problem(error);
        }
      })();
    });
  }
  app.querySelector("#cluster-count")!.textContent = String(overview.clusters.totalCount);
  app.querySelector("#cluster-rows")!.innerHTML = overview.clusters.nodes
    .map(
      (cluster) => `<tr data-cluster="${escape(cluster.name)}">
        <td><a href="#/clusters/${encodeURIComponent(cluster.id)}">${escape(cluster.name)}</a></td>
        <td>${statusBadge(cluster.status, `status-${cluster.name}`)}<div class="muted">${escape(cluster.statusReason)}</div></td>
        <td>${healthBadge(cluster.healthStatus)}</td>
        <td>${cluster.masterCount}</td><td>${cluster.nodeCount}</td>
        <td>${escape(cluster.template.name)}</td>
        <td>${cluster.currentOperation ? `${escape(cluster.currentOperation.type)} ${cluster.currentOperation.progress.percent}%` : ""}</td>
      </tr>`,
    )
    .join("");
}

function renderCluster(cluster: Detail): void {
  const operation = cluster.currentOperation ? cluster.operations.nodes.find((entry) => entry.id === cluster.currentOperation!.id) : cluster.operations.nodes[0];
  const stages = operation?.progress.stages ?? [];
  const stageClass = (status: string) => (/SUCCEEDED|COMPLETE|DONE/i.test(status) ? "done" : /RUNNING|IN_PROGRESS/i.test(status) ? "running" : /FAIL/i.test(status) ? "failed" : "");
  if (
    frame(
      `cluster:${cluster.id}`,
      `
    <p><a href="#/">← All clusters</a></p>
    <section>
      <div id="summary"></div>
      <form id="resize">
        <label>Node count <input name="nodes" type="number" min="0" value="${cluster.nodeCount}" style="width:6em" data-testid="resize-nodes"></label>
        <button type="submit" data-testid="resize">Resize</button>
        <button type="button" id="kubeconfig" data-testid="kubeconfig">Download kubeconfig</button>
        <button type="button" id="delete" data-testid="delete">Delete</button>
      </form>
      <p class="error" id="action-error" data-testid="action-error"></p>
    </section>
    <section id="stages"></section>
    <section><h2>Node groups</h2><table id="node-groups"></table></section>
    <section><h2>Operations</h2><table id="operations"></table></section>
    <section><h2>Events</h2><table id="events" data-testid="events"></table></section>`,
    )
  ) {
    const errorLine = app.querySelector("#action-error")!;
    const act = (work: () => Promise<UserErrors>) =>
      void work().then(
        (errors) => ((errorLine.textContent = userErrorText(errors)), errors.length ? undefined : void show(false)),
        (error: unknown) => (errorLine.textContent = problem(error)),
      );
    app.querySelector("#resize")!.addEventListener("submit", (event) => {
      event.preventDefault();
      const nodeCount = Number(new FormData(event.target as HTMLFormElement).get("nodes"));
      act(async () => (await client!.request(ClusterResizeDocument, { input: { id: cluster.id, nodeCount, requestId: crypto.randomUUID() } })).clusterResize.userErrors);
    });
    app.querySelector("#delete")!.addEventListener("click", () => {
      if (!confirm(`Delete cluster ${cluster.name}?`)) return;
      act(async () => (await client!.request(ClusterDeleteDocument, { input: { id: cluster.id, requestId: crypto.randomUUID() } })).clusterDelete.userErrors);
    });
    app.querySelector("#kubeconfig")!.addEventListener("click", () => {
      act(async () => {
        const payload = (await client!.request(ClusterCredentialsCreateDocument, { input: { clusterId: cluster.id, role: "ADMIN" } })).clusterCredentialsCreate;
        if (payload.kubeconfig) {
          const link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([payload.kubeconfig], { type: "application/yaml" }));
          link.download = `${cluster.name}.kubeconfig`;
          link.click();
          setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
        }
        return payload.userErrors;
      });
    });
  }
  app.querySelector("#summary")!.innerHTML = `
      <h2>${escape(cluster.name)} ${statusBadge(cluster.status, "cluster-status")} ${healthBadge(cluster.healthStatus)}</h2>
      <p class="muted">${escape(cluster.statusReason)}</p>
      <table>
        <tr><th>ID</th><td><code>${escape(cluster.id)}</code></td><th>Template</th><td>${escape(cluster.template.name)}</td></tr>
        <tr><th>API</th><td>${escape(cluster.apiAddress ?? "—")}</td><th>Kubernetes</th><td>${escape(cluster.coeVersion ?? "—")}</td></tr>
        <tr><th>Masters</th><td>${cluster.masterCount}</td><th>Nodes</th><td>${cluster.nodeCount}</td></tr>
      </table>`;
  app.querySelector("#stages")!.innerHTML = `
      <h2>Stages${operation ? ` of ${escape(operation.type)} (${escape(operation.status)}, ${operation.progress.percent}%)` : ""}</h2>
      ${operation?.error ? `<p class="error">${escape(operation.error.code)}: ${escape(operation.error.message)}</p>` : ""}
      <ol class="timeline" data-testid="stages">${stages.map((stage) => `<li class="${stageClass(stage.status)}" title="${escape(stage.startedAt ?? "")} → ${escape(stage.finishedAt ?? "")}">${escape(stage.name)}</li>`).join("") || `<li class="muted">no stages</li>`}</ol>`;
  app.querySelector("#node-groups")!.innerHTML = `<tr><th>Name</th><th>Role</th><th>Status</th><th>Nodes</th><th>Min–max</th><th>Flavor</th></tr>
      ${cluster.nodeGroups.nodes.map((group) => `<tr><td>${escape(group.name)}${group.isDefault ? ' <span class="muted">default</span>' : ""}</td><td>${escape(group.role)}</td><td>${statusBadge(group.status)}</td><td>${group.nodeCount}</td><td>${group.minNodeCount}–${group.maxNodeCount ?? "∞"}</td><td>${escape(group.flavorId ?? "")}</td></tr>`).join("")}`;
  app.querySelector("#operations")!.innerHTML = `<tr><th>Type</th><th>Status</th><th>Progress</th><th>Created</th><th>Finished</th><th>Error</th></tr>
      ${cluster.operations.nodes.map((entry) => `<tr><td>${escape(entry.type)}</td><td>${escape(entry.status)}</td><td>${entry.progress.percent}%</td><td>${escape(entry.createdAt)}</td><td>${escape(entry.finishedAt ?? "")}</td><td class="error">${escape(entry.error ? `${entry.error.code}: ${entry.error.message}` : "")}</td></tr>`).join("")}`;
  app.querySelector("#events")!.innerHTML = `<tr><th>When</th><th>Type</th><th>Status</th><th>Stage</th><th>%</th><th>Reason</th></tr>
      ${cluster.events.nodes.map((event) => `<tr><td class="muted">${escape(event.occurredAt)}</td><td>${escape(event.type)}</td><td>${escape(event.status ?? event.healthStatus ?? "")}</td><td>${escape(event.stage ?? "")}</td><td>${escape(event.percent ?? "")}</td><td>${escape(event.statusReason ?? "")}</td></tr>`).join("")}`;
}

signOut.addEventListener("click", () => {
  stream?.abort();
  void client?.close();
  client = null;
  localStorage.removeItem(TOKEN_KEY);
  renderSignIn();
});
window.addEventListener("hashchange", () => void show());

const saved = localStorage.getItem(TOKEN_KEY);
if (saved) void start(saved);
else renderSignIn();
