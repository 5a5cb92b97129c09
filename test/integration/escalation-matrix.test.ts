// The privilege-escalation matrix: every actor (users and scoped tokens) × every action × targets in its own and the other project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startFastServer } from "../support/lifecycle.js";
import { ADMIN_TOKEN, type TestServer } from "../support/server.js";

type Role = "ADMIN" | "MEMBER" | "READER";
type ProjectKey = "A" | "B";
const RANK: Record<Role, number> = { READER: 1, MEMBER: 2, ADMIN: 3 };

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** An actor: a token, and what the rules say it may do (its effective roles: scope ∩ bindings, capped). */
interface Actor {
  name: string;
  token: string;
  userId: string | null;
  global: boolean;
  roles: Partial<Record<ProjectKey, Role>>;
}

interface Target {
  projectId: string;
  templateId: string;
  clusterId: string;
  nodeGroupId: string;
  operationId: string;
  /** A user bound in the project (READER), and the one its rights belong to. */
  boundUserId: string;
}

describe.each(DATABASES)("privilege-escalation matrix on $label", (database) => {
  let api: TestServer;
  const targets = {} as Record<ProjectKey, Target>;
  const users: Record<string, { userId: string; token: string }> = {};
  /** Role binding ids by "user:project key". */
  const bindingIds: Record<string, string> = {};
  const actors: Actor[] = [];

  const call = async (query: string, variables: Record<string, unknown>, token: string): Promise<Answer> => {
    const response = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Answer;
  };
  /** As the global admin; fails on any error. */
  const admin = async (query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(query, variables, ADMIN_TOKEN);
    const payload = Object.values(answer.data ?? {})[0] as Record<string, any> | undefined;
    if (answer.errors?.length || payload?.userErrors?.length) throw new Error(JSON.stringify(answer));
    return payload!;
  };
  const mutation = (name: string, selection = "__typename") =>
    `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;
  const bind = async (userId: string, projectId: string, role: Role) => (await admin(mutation("roleBindingCreate", "roleBinding { id }"), { input: { userId, projectId, role } })).roleBinding.id as string;
  const newUser = async (label: string) => (await admin(mutation("userCreate", "user { id }"), { input: { name: uniqueName(label) } })).user.id as string;
  const mint = async (input: Record<string, unknown>, token = ADMIN_TOKEN) => {
    const answer = await call(mutation("apiTokenCreate", "token apiToken { id }"), { input: { name: "matrix", ...input } }, token);
    const payload = answer.data?.apiTokenCreate;
    if (!payload?.token) throw new Error(`minting failed: ${JSON.stringify(answer)}`);
    return { token: payload.token as string, tokenId: payload.apiToken.id as string };
  };

  beforeAll(async () => {
    api = await startFastServer(database);
    for (const key of ["A", "B"] as const) {
      const projectId = (await admin(mutation("projectCreate", "project { id }"), { input: { name: uniqueName(`matrix-${key}`) } })).project.id as string;
      const templateId = (await admin(mutation("clusterTemplateCreate", "clusterTemplate { id }"), { input: templateInput({ projectId }) })).clusterTemplate.id as string;
      const created = await admin(mutation("clusterCreate", "cluster { id nodeGroups(first: 10) { nodes { id name } } } operation { id }"), { input: { clusterTemplateId: templateId, projectId, nodeCount: 1 } });
      const worker = (created.cluster.nodeGroups.nodes as { id: string; name: string }[]).find((group) => group.name === "default-worker")!;
      const boundUserId = await newUser(`bound-${key}`);
      await bind(boundUserId, projectId, "READER");
      targets[key] = { projectId, templateId, clusterId: created.cluster.id, nodeGroupId: worker.id, operationId: created.operation.id, boundUserId };
    }
    const { A, B } = targets;
    const people: [string, [ProjectKey, Role][]][] = [
      ["adminA", [["A", "ADMIN"]]],
      ["adminB", [["B", "ADMIN"]]],
      ["memberA", [["A", "MEMBER"]]],
      ["readerA", [["A", "READER"]]],
      ["dual", [["A", "ADMIN"], ["B", "READER"]]],
    ];
    for (const [name, roles] of people) {
      const userId = await newUser(name);
      for (const [key, role] of roles) bindingIds[`${name}:${key}`] = await bind(userId, targets[key].projectId, role);
      const { token } = await mint({ userId });
      users[name] = { userId, token };
      actors.push({ name, token, userId, global: false, roles: Object.fromEntries(roles) });
    }
    actors.unshift({ name: "global admin", token: ADMIN_TOKEN, userId: null, global: true, roles: { A: "ADMIN", B: "ADMIN" } });
    // A scoped token of each, minted by its own user with its full token (and one minted by the global admin).
    const scoped: [string, string, Record<string, unknown>, Partial<Record<ProjectKey, Role>>][] = [
      ["adminA", "adminA scoped {A} max READER", { projectIds: [A.projectId], maxRole: "READER" }, { A: "READER" }],
      ["adminB", "adminB scoped {B} max MEMBER", { projectIds: [B.projectId], maxRole: "MEMBER" }, { B: "MEMBER" }],
      ["memberA", "memberA scoped {A} max READER", { projectIds: [A.projectId], maxRole: "READER" }, { A: "READER" }],
      ["readerA", "readerA scoped {A}", { projectIds: [A.projectId] }, { A: "READER" }],
      ["dual", "dual scoped {B}", { projectIds: [B.projectId] }, { B: "READER" }],
    ];
    for (const [owner, name, grant, roles] of scoped) {
      const { token } = await mint({ userId: users[owner]!.userId, ...grant }, users[owner]!.token);
      actors.push({ name, token, userId: users[owner]!.userId, global: false, roles });
    }
    const byOperator = await mint({ userId: users.dual!.userId, projectIds: [A.projectId], maxRole: "MEMBER" });
    actors.push({ name: "dual scoped {A} max MEMBER (minted by the operator)", token: byOperator.token, userId: users.dual!.userId, global: false, roles: { A: "MEMBER" } });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  const has = (actor: Actor, key: ProjectKey) => actor.global || actor.roles[key] !== undefined;
  const atLeast = (actor: Actor, key: ProjectKey, role: Role) => actor.global || RANK[actor.roles[key] ?? "READER"] >= RANK[role] && actor.roles[key] !== undefined;
  const adminAnywhere = (actor: Actor) => actor.global || Object.values(actor.roles).includes("ADMIN");

  /** The refusal code of a mutation's answer, or null when it got past authorization (succeeded or failed a later check). */
  function refusal(answer: Answer, name: string): string | null {
    const top = answer.errors?.[0]?.extensions?.code;
    if (top === "FORBIDDEN" || top === "NOT_FOUND") return top;
    if (top) return null;
    const code = answer.data?.[name]?.userErrors?.[0]?.code as string | undefined;
    return code === "FORBIDDEN" || code === "NOT_FOUND" ? code : null;
  }

  it("lets no actor past what its current rights allow, on any action or target", { timeout: 240_000 }, async () => {
    let cells = 0;
    const escalations: string[] = [];
    const mismatches: string[] = [];
    const table: string[] = [];

    const mutate = async (actor: Actor, key: ProjectKey | null, name: string, input: Record<string, unknown>, expected: boolean) => {
      cells += 1;
      const answer = await call(mutation(name), { input }, actor.token);
      const refused = refusal(answer, name);
      const label = `${actor.name} · ${name}${key ? ` on ${key}` : ""}`;
      table.push(`${label}: expected ${expected ? "allowed" : "refused"}, got ${refused ?? "past authorization"}`);
      if (!refused && !expected) escalations.push(`${label}: ${JSON.stringify(answer).slice(0, 300)}`);
      if (refused && expected) mismatches.push(`${label}: refused ${refused}: ${JSON.stringify(answer).slice(0, 300)}`);
      // What the caller may not see does not exist for it: NOT_FOUND, never FORBIDDEN.
      if (refused === "FORBIDDEN" && key && !has(actor, key)) mismatches.push(`${label}: FORBIDDEN on a project it cannot see`);
    };
    const read = async (actor: Actor, key: ProjectKey, label: string, query: string, variables: Record<string, unknown>, visible: (answer: Answer) => boolean) => {
      cells += 1;
      const answer = await call(query, variables, actor.token);
      const saw = visible(answer);
      const expected = has(actor, key);
      table.push(`${actor.name} · ${label} on ${key}: expected ${expected ? "visible" : "hidden"}, got ${saw ? "visible" : "hidden"}`);
      if (saw && !expected) escalations.push(`${actor.name} · ${label} on ${key}: ${JSON.stringify(answer).slice(0, 300)}`);
      if (!saw && expected) mismatches.push(`${actor.name} · ${label} on ${key}: hidden from an actor that may see it`);
    };

    // Actors run side by side (each one's cells in order): nothing one does changes what another may do.
    const runActor = async (actor: Actor) => {
      for (const key of ["A", "B"] as const) {
        const target = targets[key];
        const member = atLeast(actor, key, "MEMBER");
        const projectAdmin = atLeast(actor, key, "ADMIN");
        // Queries and node(id) paths.
        await read(actor, key, "cluster(id)", "query($id: ID!) { cluster(id: $id) { id } }", { id: target.clusterId }, (answer) => answer.data?.cluster?.id === target.clusterId);
        await read(actor, key, "clusterTemplate(id)", "query($id: ID!) { clusterTemplate(id: $id) { id } }", { id: target.templateId }, (answer) => answer.data?.clusterTemplate?.id === target.templateId);
        await read(actor, key, "operation(id)", "query($id: ID!) { operation(id: $id) { id } }", { id: target.operationId }, (answer) => answer.data?.operation?.id === target.operationId);
        await read(actor, key, "project(id)", "query($id: ID!) { project(id: $id) { id quotas { resource } } }", { id: target.projectId }, (answer) => answer.data?.project?.id === target.projectId);
        for (const [what, id] of [["cluster", target.clusterId], ["template", target.templateId], ["node group", target.nodeGroupId], ["operation", target.operationId], ["project", target.projectId]] as const) {
          await read(actor, key, `node(${what})`, "query($id: ID!) { node(id: $id) { id } }", { id }, (answer) => answer.data?.node?.id === id);
        }
        await read(actor, key, "nodes(...)", "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: [target.clusterId, target.nodeGroupId] }, (answer) => (answer.data?.nodes ?? []).some((node: { id: string } | null) => node !== null));
        await read(actor, key, "clusters list", "query { clusters(first: 100) { nodes { id } } }", {}, (answer) => (answer.data?.clusters?.nodes ?? []).some((node: { id: string }) => node.id === target.clusterId));
        await read(actor, key, "projects list", "query { projects { id } }", {}, (answer) => (answer.data?.projects ?? []).some((project: { id: string }) => project.id === target.projectId));
        // Audit entries of the project: only for its admins.
        cells += 1;
        const audit = await call("query($filter: AuditEventFilter) { auditEvents(first: 50, filter: $filter) { nodes { projectId } } }", { filter: { projectId: target.projectId } }, actor.token);
        const entries = (audit.data?.auditEvents?.nodes ?? []) as { projectId: string | null }[];
        if (!projectAdmin && entries.some((entry) => entry.projectId === target.projectId)) escalations.push(`${actor.name} · auditEvents of ${key}`);

        // Cluster, node group and template mutations: inputs that fail a later check once authorized, so nothing changes.
        await mutate(actor, key, "clusterUpdate", { id: target.clusterId, nodeCount: -1 }, member);
        await mutate(actor, key, "clusterResize", { id: target.clusterId, nodeCount: -1 }, member);
        await mutate(actor, key, "clusterUpgrade", { id: target.clusterId, clusterTemplateId: target.templateId, maxBatchSize: 0 }, member);
        await mutate(actor, key, "clusterRollback", { id: target.clusterId, expectedVersion: 999_999 }, member);
        await mutate(actor, key, "clusterCaRotate", { id: target.clusterId, expectedVersion: 999_999 }, member);
        await mutate(actor, key, "clusterDelete", { id: target.clusterId, expectedVersion: 999_999 }, member);
        await mutate(actor, key, "nodeGroupCreate", { clusterId: target.clusterId, name: "not a name!" }, member);
        await mutate(actor, key, "nodeGroupUpdate", { id: target.nodeGroupId, minNodeCount: -1 }, member);
        await mutate(actor, key, "nodeGroupDelete", { id: target.nodeGroupId }, member);
        await mutate(actor, key, "clusterTemplateUpdate", { id: target.templateId, name: "renamed", expectedVersion: 999_999 }, member);
        await mutate(actor, key, "clusterTemplateDelete", { id: target.templateId, expectedVersion: 999_999 }, member);
        await mutate(actor, key, "clusterTemplateCreate", { ...templateInput({ projectId: target.projectId }), dockerVolumeSize: -1 }, member);
        await mutate(actor, key, "clusterCreate", { clusterTemplateId: target.templateId, projectId: target.projectId, nodeCount: -1 }, member);
        await mutate(actor, key, "clusterCredentialsCreate", { clusterId: target.clusterId, role: "ADMIN", ttlSeconds: 1 }, projectAdmin);
        await mutate(actor, key, "clusterCredentialsCreate", { clusterId: target.clusterId, role: "VIEWER", ttlSeconds: 1 }, has(actor, key));

        // Tenancy: grants, tokens, quotas.
        await mutate(actor, key, "roleBindingCreate", { userId: target.boundUserId, projectId: target.projectId, role: "ADMIN" }, projectAdmin);
        if (actor.userId) await mutate(actor, key, "roleBindingCreate", { userId: actor.userId, projectId: target.projectId, role: "ADMIN" }, projectAdmin);
        const disposable = await newUser("disposable");
        await mutate(actor, key, "roleBindingDelete", { id: await bind(disposable, target.projectId, "READER") }, projectAdmin);
        await mutate(actor, key, "apiTokenCreate", { userId: target.boundUserId, projectIds: [target.projectId], name: "" }, projectAdmin);
        await mutate(actor, key, "apiTokenCreate", { userId: users.dual!.userId, projectIds: [target.projectId], name: "" }, projectAdmin || actor.userId === users.dual!.userId && has(actor, key));
        if (actor.userId) await mutate(actor, key, "apiTokenCreate", { userId: actor.userId, projectIds: [target.projectId], name: "" }, has(actor, key));
        const victim = await mint({ userId: target.boundUserId, projectIds: [target.projectId] });
        await mutate(actor, key, "apiTokenRevoke", { id: victim.tokenId }, projectAdmin);
        await mutate(actor, key, "quotaSet", { projectId: target.projectId, resource: "CLUSTERS", limit: -1 }, actor.global);
      }
      await mutate(actor, null, "userCreate", { name: "not a name!" }, adminAnywhere(actor));
      await mutate(actor, null, "projectCreate", { name: "not a name!" }, actor.global);
      await mutate(actor, null, "userDelete", { id: await newUser("victim") }, actor.global);
      // Unscoped tokens for someone else: the operator's alone.
      await mutate(actor, null, "apiTokenCreate", { userId: targets.A.boundUserId, name: "" }, actor.global || atLeast(actor, "A", "ADMIN"));
    };
    await Promise.all(actors.map(runActor));
    table.sort();

    if (process.env.TURNKEY_MATRIX_TABLE) console.log(table.join("\n"));
    console.log(`privilege-escalation matrix on ${database.label}: ${actors.length} actors, ${cells} cells tried, ${escalations.length} escalations found, ${mismatches.length} refusals of allowed actions${escalations.length + mismatches.length ? `\n  ${[...escalations, ...mismatches].join("\n  ")}` : ""}`);
    expect(escalations).toEqual([]);
    expect(mismatches).toEqual([]);
  });

  it("closes the reported hole: a token minted across projects reaches nothing beyond its scope, and dies with its minter's role", { timeout: 60_000 }, async () => {
    const { A, B } = targets;
    const x = users.adminB!;
    const y = users.dual!;
    // X (ADMIN of B) mints for Y (ADMIN of A, READER of B): scoped to B, the one project they share.
    const answer = await call(mutation("apiTokenCreate", "token apiToken { id projectIds maxRole }"), { input: { userId: y.userId, name: "across" } }, x.token);
    expect(answer.data?.apiTokenCreate.userErrors).toEqual([]);
    expect(answer.data?.apiTokenCreate.apiToken.projectIds).toEqual([B.projectId]);
    const across = answer.data!.apiTokenCreate.token as string;
    const unscoped = await call(mutation("apiTokenCreate", "token"), { input: { userId: y.userId, name: "wide", projectIds: [A.projectId, B.projectId] } }, x.token);
    expect(unscoped.data?.apiTokenCreate.userErrors[0].code).toBe("NOT_FOUND");
    // With it: nothing of A, and no way to make X admin of A or to widen the token.
    const clusters = await call("query { clusters(first: 100) { nodes { id } } }", {}, across);
    expect(JSON.stringify(clusters)).not.toContain(A.clusterId);
    const grab = await call(mutation("roleBindingCreate"), { input: { userId: x.userId, projectId: A.projectId, role: "ADMIN" } }, across);
    expect(grab.data?.roleBindingCreate.userErrors[0].code).toBe("NOT_FOUND");
    const widen = await call(mutation("apiTokenCreate", "token"), { input: { userId: y.userId, name: "wider", projectIds: [A.projectId] } }, across);
    expect(widen.data?.apiTokenCreate.userErrors[0].code).toBe("NOT_FOUND");
    const again = await call(mutation("apiTokenCreate", "token"), { input: { userId: y.userId, name: "again", projectIds: [B.projectId] } }, across);
    expect(again.data?.apiTokenCreate.userErrors).toEqual([]);
    const chained = again.data!.apiTokenCreate.token as string;

    // The last ADMIN of B cannot be removed; once another admin exists, X's removal ends both tokens' rights in B.
    const xBinding = bindingIds["adminB:B"]!;
    const last = await call(mutation("roleBindingDelete"), { input: { id: xBinding } }, ADMIN_TOKEN);
    expect(last.data?.roleBindingDelete.userErrors[0]).toMatchObject({ code: "INVALID_STATE" });
    await bind(await newUser("successor"), B.projectId, "ADMIN");
    expect((await call(mutation("roleBindingDelete"), { input: { id: xBinding } }, ADMIN_TOKEN)).data?.roleBindingDelete.userErrors).toEqual([]);
    for (const token of [across, chained]) {
      const viewer = await call("query { viewer { projectRoles { role } } clusters(first: 100) { nodes { id } } }", {}, token);
      expect(viewer.data?.viewer.projectRoles).toEqual([]);
      expect(JSON.stringify(viewer)).not.toContain(B.clusterId);
    }

    // The audit log has who minted what for whom, and the refused attempts.
    const minted = await call("query { auditEvents(first: 100, filter: { mutation: \"apiTokenCreate\" }) { nodes { outcome principalName details } } }", {}, ADMIN_TOKEN);
    const entries = minted.data!.auditEvents.nodes as { outcome: string; principalName: string; details: Record<string, unknown> }[];
    expect(entries).toContainEqual(expect.objectContaining({ outcome: "SUCCEEDED", details: expect.objectContaining({ mintedFor: fromGlobal(y.userId), mintedBy: fromGlobal(x.userId), projectIds: [fromGlobal(B.projectId)] }) }));
    expect(entries).toContainEqual(expect.objectContaining({ outcome: "REFUSED", details: expect.objectContaining({ escalation: true }) }));
    const grabs = await call("query { auditEvents(first: 100, filter: { mutation: \"roleBindingCreate\" }) { nodes { outcome details } } }", {}, ADMIN_TOKEN);
    expect(grabs.data!.auditEvents.nodes).toContainEqual(expect.objectContaining({ outcome: "REFUSED", details: expect.objectContaining({ code: "NOT_FOUND", escalation: true }) }));
  });

});

function fromGlobal(id: string): string {
  return Buffer.from(id, "base64url").toString("utf8").split(":")[1]!;
}
