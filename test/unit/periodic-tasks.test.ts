// The one periodic-task registry (src/periodic-tasks.ts) and the post-commit waker (src/events/post-commit-waker.ts).
import { describe, expect, it } from "vitest";
import { PostCommitWaker } from "../../src/events/post-commit-waker.js";
import { PeriodicTasks } from "../../src/periodic-tasks.js";
import { waitUntil } from "../support/wait.js";

describe("PeriodicTasks", () => {
  it("runs each round again after its interval, never two of one task at once, and reports failures", async () => {
    let rounds = 0;
    let running = 0;
    let overlapped = false;
    const errors: unknown[] = [];
    const tasks = new PeriodicTasks()
      .add({
        name: "counting",
        intervalMs: 1,
        firstAfterMs: 0,
        round: async () => {
          running += 1;
          overlapped ||= running > 1;
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          rounds += 1;
        },
        onError: (error) => errors.push(error),
      })
      .add({ name: "failing", intervalMs: 1, round: () => Promise.reject(new Error("round failed")), onError: (error) => errors.push(error) });
    expect(tasks.names()).toEqual(["counting", "failing"]);
    tasks.start();
    await waitUntil(() => rounds >= 3 && errors.length >= 2, "three rounds and two reported failures");
    await tasks.stop();
    expect(overlapped).toBe(false);
    expect(errors.every((error) => error instanceof Error && error.message === "round failed")).toBe(true);
  });

  it("tells a round in progress that it is stopping, waits for it, and runs no round after stop", async () => {
    let started!: () => void;
    const roundStarted = new Promise<void>((resolve) => (started = resolve));
    let sawAbort = false;
    let rounds = 0;
    const tasks = new PeriodicTasks().add({
      name: "long",
      intervalMs: 1,
      firstAfterMs: 0,
      round: async (signal) => {
        rounds += 1;
        started();
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        sawAbort = signal.aborted;
      },
      onError: () => undefined,
    });
    tasks.start();
    await roundStarted;
    await tasks.stop();
    expect(sawAbort).toBe(true);
    expect(rounds).toBe(1);
  });

  it("refuses two tasks of one name, and starts a task added after start", async () => {
    const tasks = new PeriodicTasks().add({ name: "one", intervalMs: 1_000, round: async () => undefined, onError: () => undefined });
    expect(() => tasks.add({ name: "one", intervalMs: 1, round: async () => undefined, onError: () => undefined })).toThrow(/already registered/);
    tasks.start();
    let late = 0;
    tasks.add({ name: "late", intervalMs: 1, firstAfterMs: 0, round: async () => void (late += 1), onError: () => undefined });
    await waitUntil(() => late >= 1, "the task added after start to run");
    await tasks.stop();
  });
});

describe("PostCommitWaker", () => {
  it("wakes every registered part after a commit that recorded events, and none after one that recorded nothing", () => {
    const woken: string[] = [];
    const waker = new PostCommitWaker().wakes({ wake: () => woken.push("bus") }, { wake: () => woken.push("reconciler") });
    waker.eventsCommitted([]);
    expect(woken).toEqual([]);
    waker.eventsCommitted([1n, 2n]);
    expect(woken).toEqual(["bus", "reconciler"]);
  });
});
