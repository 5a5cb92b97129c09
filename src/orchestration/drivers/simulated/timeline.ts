// Where an operation stands at a moment: a pure function of its plan, start, speed, faults and the clock.

import type { StageStatus } from "../../driver.js";
import type { FaultPlacement } from "./faults.js";
import type { PlannedStage } from "./stage.js";

export type TimelineState = "IN_PROGRESS" | "COMPLETE" | "FAILED";

export interface StageProgress {
  stage: PlannedStage;
  status: StageStatus;
  /** Epoch milliseconds. */
  startedAt?: number;
  finishedAt?: number;
}

export interface Timeline {
  state: TimelineState;
  stages: StageProgress[];
  /** 0 to 100, weighted by duration; 100 only once complete. */
  percent: number;
  /** The stage running, hung or failed; undefined once complete. */
  current?: StageProgress;
  /** When the running stage ends (epoch ms); undefined when nothing is scheduled to change (done, failed, hung). */
  nextChangeAt?: number;
}

export interface TimelineInput extends FaultPlacement {
  startedAt: number;
  speed: number;
  now: number;
}

// A stuck wait loop looks from outside like a stage that nearly finishes and then never does.
const HUNG_STAGE_CEILING = 0.9;

export function evaluateTimeline(stages: readonly PlannedStage[], input: TimelineInput): Timeline {
  // Work is measured in milliseconds at speed 1: the speed factor only stretches or squeezes the clock.
  const elapsed = Math.max(0, input.now - input.startedAt) * input.speed;
  const realTime = (offset: number) => input.startedAt + Math.round(offset / input.speed);
  const total = stages.reduce((sum, stage) => sum + stage.duration, 0);
  const progress: StageProgress[] = [];
  let state: TimelineState | undefined;
  let current: StageProgress | undefined;
  let offset = 0;
  let done = 0;
  let nextChangeAt: number | undefined;
  for (const [index, stage] of stages.entries()) {
    const end = offset + stage.duration;
    if (state !== undefined || elapsed < offset) {
      state ??= "IN_PROGRESS";
      progress.push({ stage, status: "PENDING" });
    } else if (index === input.hangAt) {
      done += Math.min(elapsed - offset, stage.duration * HUNG_STAGE_CEILING);
      current = { stage, status: "RUNNING", startedAt: realTime(offset) };
      progress.push(current);
      state = "IN_PROGRESS";
    } else if (elapsed < end) {
      done += elapsed - offset;
      nextChangeAt = realTime(end);
      current = { stage, status: "RUNNING", startedAt: realTime(offset) };
      progress.push(current);
      state = "IN_PROGRESS";
    } else if (index === input.failAt) {
      done += stage.duration;
      current = { stage, status: "FAILED", startedAt: realTime(offset), finishedAt: realTime(end) };
      progress.push(current);
      state = "FAILED";
    } else {
      done += stage.duration;
      progress.push({ stage, status: "DONE", startedAt: realTime(offset), finishedAt: realTime(end) });
    }
    offset = end;
  }
  const finalState = state ?? "COMPLETE";
  const percent = finalState === "COMPLETE" ? 100 : Math.min(99, Math.floor((100 * done) / Math.max(total, 1)));
  const timeline: Timeline = { state: finalState, stages: progress, percent };
  if (current !== undefined) timeline.current = current;
  if (nextChangeAt !== undefined && finalState === "IN_PROGRESS") timeline.nextChangeAt = nextChangeAt;
  return timeline;
}
