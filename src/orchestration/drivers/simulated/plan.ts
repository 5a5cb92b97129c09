// Which stages an operation goes through, from its record and the cluster spec alone.

import type { ClusterSpec } from "../../driver.js";
import { planRotation, planScaling, planUpgrade } from "./change-plan.js";
import { planCreate } from "./create-plan.js";
import type { SimulatedOperation } from "./record.js";
import type { PlannedStage } from "./stage.js";
import { planTeardown } from "./teardown-plan.js";

export function planOperation(operation: SimulatedOperation, spec: ClusterSpec): PlannedStage[] {
  switch (operation.action) {
    case "create":
      return planCreate(operation, spec);
    case "delete":
      return planTeardown(operation, spec);
    case "upgrade":
      return planUpgrade(operation);
    case "rotateCa":
      return planRotation(operation);
    case "update":
    case "resize":
    case "nodeGroupCreate":
    case "nodeGroupUpdate":
    case "nodeGroupDelete":
      return planScaling(operation, spec);
  }
}
