// The portal read's baseline: a bare node:http + postgres handler issuing the statements Turnkey issues and returning the same JSON.
// Run as its own process (PORT, DATABASE_URL) so its CPU is measured apart from the load tool's.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => undefined });
const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`).toString("base64url");
const uuidOf = (id: string) => Buffer.from(id, "base64url").toString("utf8").split(":")[1] ?? "00000000-0000-0000-0000-000000000000";

interface ClusterRow {
  id: string;
  name: string;
  status: string;
  node_count: number;
  template_id: string;
}

async function portal(authorization: string | undefined, projectGlobalId: string): Promise<unknown> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return { errors: [{ message: "authentication required", extensions: { code: "UNAUTHENTICATED" } }] };
  const hash = createHash("sha256").update(token).digest("hex");
  // 1-3: the token with its user, last use kept to the minute, the user's role bindings.
  const [row] = await sql`select t.id, t.revoked_at, t.expires_at, u.id as user_id from api_tokens t join users u on u.id = t.user_id where t.token_hash = ${hash}`;
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= new Date())) return { errors: [{ message: "invalid token", extensions: { code: "UNAUTHENTICATED" } }] };
  const now = new Date();
  // As Turnkey: the last-use UPDATE at most once a minute per token from this process.
  const written = lastUseWritten.get(row.id as string);
  if (written === undefined || now.getTime() - written >= 60_000) lastUseWritten.set(row.id as string, now.getTime());
  else return portalPage(row.user_id as string, projectGlobalId);
  void sql`update api_tokens set last_used_at = ${now} where id = ${row.id} and (last_used_at is null or last_used_at < ${new Date(now.getTime() - 60_000)})`.catch(() => undefined);
  return portalPage(row.user_id as string, projectGlobalId);
}

const lastUseWritten = new Map<string, number>();

async function portalPage(userId: string, projectGlobalId: string): Promise<unknown> {
  const roles = await sql`select project_id from role_bindings where user_id = ${userId}`;
  const visible = roles.map((role) => role.project_id as string);
  // 4: the page (one more row than asked, to know whether there is a next page).
  const rows = await sql<ClusterRow[]>`select id, name, status, node_count, template_id from clusters where project_id = any(${visible}::uuid[]) and project_id = ${uuidOf(projectGlobalId)} order by created_at desc, id desc limit 51`;
  const page = rows.slice(0, 50);
  const templateIds = [...new Set(page.map((cluster) => cluster.template_id))];
  const clusterIds = page.map((cluster) => cluster.id);
  // 5-6: the templates and node groups of the page, batched as Turnkey's loaders batch them.
  const [templates, groups] = await Promise.all([
    templateIds.length ? sql`select id, name, coe from cluster_templates where id = any(${templateIds}::uuid[])` : [],
    clusterIds.length ? sql`select cluster_id, name, role, node_count from node_groups where cluster_id = any(${clusterIds}::uuid[]) order by is_default desc, role asc, created_at asc, id asc` : [],
  ]);
  const templateById = new Map(templates.map((template) => [template.id as string, { id: globalId("ClusterTemplate", template.id), name: template.name, coe: template.coe }]));
  const groupsByCluster = new Map<string, unknown[]>(clusterIds.map((id) => [id, []]));
  for (const group of groups) groupsByCluster.get(group.cluster_id as string)?.push({ name: group.name, role: group.role, nodeCount: group.node_count });
  return {
    data: {
      clusters: {
        nodes: page.map((cluster) => ({
          id: globalId("Cluster", cluster.id),
          name: cluster.name,
          status: cluster.status,
          nodeCount: cluster.node_count,
          template: templateById.get(cluster.template_id),
          nodeGroups: { nodes: groupsByCluster.get(cluster.id) },
        })),
        pageInfo: { hasNextPage: rows.length > 50 },
      },
    },
  };
}

const server = createServer((request, response) => {
  if (request.url === "/cpu") {
    response.end(JSON.stringify(process.cpuUsage()));
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { variables?: { projectId?: string } };
    portal(request.headers.authorization, body.variables?.projectId ?? "").then(
      (result) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(result));
      },
      (error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ errors: [{ message: String(error) }] }));
      },
    );
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("listening\n"));
