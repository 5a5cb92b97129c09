// Following one operation live: observe with a short interval while Heat is busy, back off while
// nothing changes, stop once the stack settles.

import type { Observation } from "../../driver.js";
import { isRetryable } from "../../../openstack/http.js";

export interface PollBounds {
  /** Interval right after a change. Default 200 ms. */
  minMs: number;
  /** Interval after a long quiet spell: TURNKEY_HEAT_POLL_INTERVAL_MS. */
  maxMs: number;
}

/** Back to the shortest interval after a change; doubling up to the longest while nothing happens. */
export function nextPollDelay(previousMs: number, changed: boolean, bounds: PollBounds): number {
  if (changed) return bounds.minMs;
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, previousMs * 2));
}

/** What makes two observations different for a subscriber: state, stages and their statuses, addresses. */
export function observationKey(observation: Observation): string {
  return JSON.stringify([
    observation.state,
    observation.percent,
    observation.reason,
    observation.stages.map((stage) => [stage.name, stage.status]),
    observation.masterAddresses,
    observation.nodeAddresses,
    observation.apiAddress,
  ]);
}

export interface WatchOptions {
  bounds: PollBounds;
  /** Called with the first observation and every one that differs from the last. */
  onChange?: (observation: Observation) => void;
  signal?: AbortSignal;
}

/** Polls until the operation is no longer IN_PROGRESS; an outage just slows the polling down. */
export async function watchOperation(observe: () => Promise<Observation>, options: WatchOptions): Promise<Observation> {
  let delay = options.bounds.minMs;
  let last = "";
  for (;;) {
    options.signal?.throwIfAborted();
    let observation: Observation | null = null;
    try {
      observation = await observe();
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
    if (observation !== null) {
      const key = observationKey(observation);
      const changed = key !== last;
      last = key;
      if (changed) options.onChange?.(observation);
      if (observation.state !== "IN_PROGRESS") return observation;
      delay = nextPollDelay(delay, changed, options.bounds);
    } else {
      delay = options.bounds.maxMs;
    }
    await sleep(delay, options.signal);
  }
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
