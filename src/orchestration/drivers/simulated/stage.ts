// One step of a simulated operation, as planned before the clock says how far it got.

export interface PlannedStage {
  /** Stable name used by fault injection; "kind:detail" names also match their bare kind. */
  name: string;
  description: string;
  /** Milliseconds at speed 1. */
  duration: number;
  /** Node groups this stage works on; empty for cluster-wide work. */
  groups: string[];
  /** Node groups whose new shape becomes visible once this stage is done. */
  commits: string[];
  /** What the operation reports if this stage fails, worded as the cloud would word it. */
  failure: string;
  /** The plan already knows this stage fails, because the subnet has no addresses left. */
  doomed: boolean;
}

export interface StageOptions {
  groups?: string[];
  commits?: string[];
  doomed?: boolean;
}

export function stage(
  name: string,
  description: string,
  seconds: number,
  failure: string,
  options: StageOptions = {},
): PlannedStage {
  return {
    name,
    description,
    duration: Math.round(seconds * 1000),
    groups: options.groups ?? [],
    commits: options.commits ?? [],
    failure,
    doomed: options.doomed ?? false,
  };
}

/** "drain" matches "drain" and "drain:default-worker"; a full name matches only itself. */
export function stageMatches(stageName: string, wanted: string): boolean {
  return stageName === wanted || stageName.split(":")[0] === wanted;
}

export function noAddressesLeft(network: string): string {
  return `Resource CREATE failed: IpAddressGenerationFailureClient: No more IP addresses available on network ${network}.`;
}

export function noValidHost(resource: string): string {
  return (
    `Resource CREATE failed: ResourceInError: resources.${resource}: Went to status ERROR due to ` +
    `"Message: No valid host was found. There are not enough hosts available., Code: 500"`
  );
}

export function plural(count: number): string {
  return count === 1 ? "" : "s";
}
