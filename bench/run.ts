// Runs the benchmarks and prints one table: `npm run bench` (all), `npm run bench -- --quick` (small and fast, for CI),
// or `npm run bench -- portal creates` for some. Figures are medians over repeats; ratios are against baselines of the same run.
import "reflect-metadata";
import { cpus, loadavg } from "node:os";
import { benchCreates } from "./creates.js";
import { benchEvents } from "./events.js";
import { benchOrchestration } from "./orchestration.js";
import { benchPortal } from "./portal.js";
import { benchScale } from "./scale.js";
import { benchStart } from "./start.js";
import { printTable } from "./table.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
/** `--events=subscribers:5000,rate:10`: sizes of one suite other than its defaults (to find what a machine can carry). */
function sizes(suite: string): Record<string, number> {
  const given = argv.find((argument) => argument.startsWith(`--${suite}=`));
  if (!given) return {};
  return Object.fromEntries(given.slice(suite.length + 3).split(",").map((pair) => {
    const [key, value] = pair.split(":");
    return [key!, Number(value)];
  }));
}

const suites: Record<string, () => Promise<void>> = {
  portal: () => benchPortal(quick),
  creates: () => benchCreates(quick),
  start: () => benchStart(quick),
  events: () => benchEvents({ ...(quick ? { subscribers: 200, rate: 100, seconds: 2, rounds: 1 } : { subscribers: 5_000, rate: 100, seconds: 10, rounds: 2 }), ...sizes("events") }),
  orchestration: () => benchOrchestration(quick ? [1] : [1, 20, 100]),
  scale: () => (quick ? benchScale(20, 100) : benchScale(1_000, 20)),
};

// A benchmark never hangs CI: past its deadline the run stops with the figures it has and a non-zero exit.
const deadlineMs = (quick ? 10 : 60) * 60_000;
setTimeout(() => {
  console.error(`bench: still running after ${deadlineMs / 60_000} minutes; stopping`);
  console.log(printTable());
  process.exit(1);
}, deadlineMs).unref();

const wanted = argv.filter((argument) => !argument.startsWith("--"));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  console.log(`== ${name}${quick ? " (quick)" : ""}`);
  await suite();
}
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, load average at the end ${loadavg().map((value) => value.toFixed(1)).join(" ")}\n`);
console.log(printTable());
process.exit(0);
