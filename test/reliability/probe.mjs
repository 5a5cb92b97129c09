// Sends one request after another from a process of its own, so a sample is the server's answer time and not the
// time the test process's busy event loop (burst clients, JSON parsing) took to notice the answer. Started with
// fork(probe.mjs, [JSON spec]): { url, method?, headers?, body?, intervalMs?, count? }. Sends "started", probes until
// the parent sends "stop" (or `count` samples are taken), then sends { samples (ms), failures, statuses } and exits. Plain JavaScript: no tsx start-up.
import { Agent, request as send } from "node:http";

const spec = JSON.parse(process.argv[2] ?? "{}");
const intervalMs = spec.intervalMs ?? 10;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
const headers = { ...(spec.headers ?? {}), ...(body ? { "content-length": String(body.length) } : {}) };
const samples = [];
const statuses = {};
let failures = 0;
let running = true;
process.on("message", (message) => {
  if (message === "stop") running = false;
});

const probe = () =>
  new Promise((resolve) => {
    const started = performance.now();
    const outgoing = send(spec.url, { method: spec.method ?? "GET", headers, agent }, (response) => {
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      response.resume();
      response.on("end", () => resolve(performance.now() - started));
    });
    outgoing.on("error", () => resolve(null));
    outgoing.end(body);
  });

process.send?.("started");
while (running && (spec.count === undefined || samples.length + failures < spec.count)) {
  const sample = await probe();
  if (sample === null) failures += 1;
  else samples.push(sample);
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
process.send?.({ samples, failures, statuses }, () => process.exit(0));
