// Every kind of stage the simulated driver plans, so fault-injection labels can be checked before a cluster exists (a domain fact: the label catalogue checks against it; the driver plans with it).

/**
 * A stage is named by its kind, or "kind:detail" ("drain:default-worker", "upgrade:default-worker:2");
 * fault labels match either. Keep in step with orchestration/drivers/simulated/create-plan.ts, change-plan.ts and teardown-plan.ts
 * (test/unit/orchestration/stage-names.test.ts checks that every planned stage has a kind listed here).
 */
export const SIMULATED_STAGE_KINDS = [
  "network",
  "certificates",
  "load-balancer",
  "masters",
  "etcd",
  "api-server",
  "swarm-init",
  "workers",
  "coredns",
  "dashboard",
  "monitoring",
  "ingress",
  "autoscaler",
  "auto-healer",
  "scale",
  "join",
  "drain",
  "remove",
  "upgrade",
  "rotate-ca",
  "rotate",
  "teardown",
] as const;

/** True when `wanted` names a stage kind (or a "kind:detail" of one) that some plan contains. */
export function isKnownStage(wanted: string): boolean {
  const kind = wanted.split(":")[0] ?? "";
  return (SIMULATED_STAGE_KINDS as readonly string[]).includes(kind);
}
