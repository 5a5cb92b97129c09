// The benchmark table: one row per figure, with its baseline from the same run, the ratio, the target and whether it is met.
export interface BenchRow {
  scenario: string;
  figure: string;
  turnkey: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  met?: boolean;
  /** Load tool, processes and cores each side used, sample counts. */
  setup?: string;
}

export const rows: BenchRow[] = [];

export function record(row: BenchRow): void {
  rows.push(row);
  console.log(`  ${row.scenario} | ${row.figure}: ${row.turnkey}${row.baseline ? ` vs ${row.baseline}` : ""}${row.ratio ? ` (${row.ratio})` : ""}${row.target ? ` target ${row.target}: ${row.met === undefined ? "n/a" : row.met ? "met" : "NOT met"}` : ""}`);
}

export function printTable(): string {
  const header = "| Scenario | Figure | Turnkey | Baseline | Ratio | Target | Met | Setup |\n|---|---|---|---|---|---|---|---|";
  const lines = rows.map((row) => `| ${row.scenario} | ${row.figure} | ${row.turnkey} | ${row.baseline ?? ""} | ${row.ratio ?? ""} | ${row.target ?? ""} | ${row.met === undefined ? "" : row.met ? "yes" : "**no**"} | ${row.setup ?? ""} |`);
  return [header, ...lines].join("\n");
}
