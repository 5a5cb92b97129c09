// The simulated driver's stage kinds are a domain fact (fault-injection labels are checked against them before a
// cluster exists): the list lives in src/domain/clusters/fault-stages.ts.
export { isKnownStage, SIMULATED_STAGE_KINDS } from "../../../domain/clusters/fault-stages.js";
