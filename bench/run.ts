// Runs the benchmarks: `npm run bench` (all), or `npm run bench -- reads|orchestration|events`.
import "reflect-metadata";
import { benchEvents } from "./events.js";
import { benchOrchestration } from "./orchestration.js";
import { benchReads } from "./reads.js";

const suites: Record<string, () => Promise<void>> = {
  reads: () => benchReads(),
  orchestration: () => benchOrchestration(),
  events: () => benchEvents(),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  console.log(`== ${name}`);
  await suite();
}
process.exit(0);
