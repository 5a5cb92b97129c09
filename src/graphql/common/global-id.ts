// Opaque global IDs: "Type:uuid" in base64url, so clients treat them as tokens, not as database keys.
export const NODE_TYPES = ["ClusterTemplate", "Cluster", "NodeGroup", "Project", "Operation", "Certificate", "User", "RoleBinding", "ApiToken"] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: NodeTypeName, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`).toString("base64url");
}

/** Null for anything that is not an id this API issued; callers answer NOT_FOUND. */
export function fromGlobalId(id: string): { type: NodeTypeName; uuid: string } | null {
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  const type = decoded.slice(0, separator) as NodeTypeName;
  const uuid = decoded.slice(separator + 1);
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID.test(uuid)) return null;
  return { type, uuid };
}

/** The uuid inside an id that must be of `type`; null when it is not. */
export function uuidOf(id: string, type: NodeTypeName): string | null {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.uuid : null;
}

/** How every answer names a type: "no such cluster template", "is not a cluster template id". */
export const NOUNS: Record<NodeTypeName, string> = {
  ClusterTemplate: "cluster template",
  Cluster: "cluster",
  NodeGroup: "node group",
  Project: "project",
  Operation: "operation",
  Certificate: "certificate",
  User: "user",
  RoleBinding: "role binding",
  ApiToken: "API token",
};

/** Why `id` cannot name a `type`, or null when it can: malformed ids are the caller's mistake, not a missing object. */
export function idProblem(id: string, type: NodeTypeName): string | null {
  const parsed = fromGlobalId(id);
  if (!parsed) return `"${id.length > 80 ? `${id.slice(0, 80)}…` : id}" is not an id this API issued`;
  if (parsed.type !== type) return `expected a ${NOUNS[type]} id, got a ${NOUNS[parsed.type]} id`;
  return null;
}
