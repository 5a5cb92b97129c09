// Policy in one place: resource × action → rule, with Magnum's defaults. Read it as documentation.
import { DomainError, problem } from "../errors.js";
import type { Principal } from "../tenancy/principal.js";
import {
  adminOfAnyProject,
  anyCaller,
  adminOfProject,
  adminOrCreator,
  anyRoleInProject,
  globalAdmin,
  memberOfProject,
  selfOrProjectAdmin,
  visibleTemplate,
  type PolicyTarget,
  type Rule,
} from "./rules.js";

export type { PolicyTarget, Rule } from "./rules.js";

/**
 * | resource        | action       | who                                                              |
 * | --------------- | ------------ | ---------------------------------------------------------------- |
 * | clusterTemplate | read         | public for all; own projects' for any role; hidden: global admin |
 * | clusterTemplate | create/update/delete | member or admin of the template's project                |
 * | clusterTemplate | publish      | global admin (public and hidden flags)                            |
 * | cluster         | read         | any role in the cluster's project                                 |
 * | cluster         | create/update/delete | member or admin of the project                           |
 * | cluster         | credentials  | project admin, or the cluster's creator (cluster-admin group)     |
 * | …               |              | see POLICY below, the single source of truth                     |
 */
export const POLICY = {
  clusterTemplate: { read: visibleTemplate, create: memberOfProject, update: memberOfProject, delete: memberOfProject, publish: globalAdmin },
  cluster: { read: anyRoleInProject, create: memberOfProject, update: memberOfProject, delete: memberOfProject, credentials: adminOrCreator, viewerCredentials: anyRoleInProject },
  nodeGroup: { read: anyRoleInProject, create: memberOfProject, update: memberOfProject, delete: memberOfProject },
  operation: { read: anyRoleInProject, cancel: memberOfProject },
  clusterEvent: { read: anyRoleInProject },
  certificate: { read: anyRoleInProject },
  project: { read: anyRoleInProject, create: globalAdmin, administer: adminOfProject },
  user: { create: adminOfAnyProject, delete: globalAdmin },
  roleBinding: { create: adminOfProject, delete: adminOfProject, read: adminOfProject },
  apiToken: { create: selfOrProjectAdmin, revoke: selfOrProjectAdmin },
  quota: { read: anyRoleInProject, set: globalAdmin },
  audit: { read: adminOfProject, readAll: globalAdmin },
  labelDefinition: { read: anyCaller },
} as const satisfies Record<string, Record<string, Rule>>;

export type Resource = keyof typeof POLICY;
export type Action<R extends Resource> = keyof (typeof POLICY)[R] & string;

export function allowed<R extends Resource>(principal: Principal, resource: R, action: Action<R>, target: PolicyTarget): boolean {
  const rule = (POLICY[resource] as Record<string, Rule>)[action];
  return rule ? rule.allows(principal, target) : false;
}

/** Readable for the caller? An object it may not read is, for it, an object that does not exist. */
export function canSee<R extends Resource>(principal: Principal, resource: R, target: PolicyTarget): boolean {
  return "read" in POLICY[resource] ? allowed(principal, resource, "read" as Action<R>, target) : true;
}

/**
 * Checks an action: NOT_FOUND when the caller cannot even see the object (ids leak nothing),
 * FORBIDDEN when it can see it but its role does not allow the action.
 */
export function authorize<R extends Resource>(principal: Principal, resource: R, action: Action<R>, target: PolicyTarget, field: string = "id", noun: string = resource): void {
  if (!canSee(principal, resource, target)) throw new DomainError(problem("NOT_FOUND", field, `no such ${describe(noun)}`));
  if (!allowed(principal, resource, action, target)) {
    const rule = (POLICY[resource] as Record<string, Rule>)[action];
    throw new DomainError(problem("FORBIDDEN", field, `${String(action)} on a ${describe(noun)} needs: ${rule?.description ?? "a role nobody has"}`));
  }
}

/** For actions that create top-level things (projects, users): FORBIDDEN unless allowed; there is no object to hide. */
export function requireAllowed<R extends Resource>(principal: Principal, resource: R, action: Action<R>, target: PolicyTarget, field: string): void {
  if (allowed(principal, resource, action, target)) return;
  const rule = (POLICY[resource] as Record<string, Rule>)[action];
  throw new DomainError(problem("FORBIDDEN", field, `${String(action)} ${describe(resource)} needs: ${rule?.description ?? "a role nobody has"}`));
}

function describe(noun: string): string {
  return noun.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

/** Projects whose objects the caller may list; null means every project (global admin). */
export function readableProjects(principal: Principal): string[] | null {
  return principal.isGlobalAdmin ? null : [...principal.projectRoles.keys()];
}

/** The policy as rows, for the viewer query and the documentation. */
export function policyRows(): { resource: string; action: string; rule: string }[] {
  return Object.entries(POLICY).flatMap(([resource, actions]) =>
    Object.entries(actions as Record<string, Rule>).map(([action, rule]) => ({ resource, action, rule: rule.description })),
  );
}
