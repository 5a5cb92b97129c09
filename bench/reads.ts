// Benchmark: a page of clusters with nested template, project, node groups and operation, 5 vs 50 per page.
// Baseline: the 5-cluster page in the same run. Figures: SQL statements per request and median latency.
import "reflect-metadata";
import { ClusterCreateDocument, ClustersNestedDocument, ClusterTemplateCreateDocument } from "../src/client/generated/graphql.js";
import { DATABASES } from "../test/support/databases.js";
import { templateInput } from "../test/support/fixtures.js";
import { startTestServer } from "../test/support/server.js";
import { format, median } from "./stats.js";

export async function benchReads(rounds = 40): Promise<void> {
  for (const database of DATABASES) {
    const api = await startTestServer(database, { TURNKEY_SIM_SPEED: "100000" });
    try {
      const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() });
      for (let index = 0; index < 50; index += 1) await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id } });
      // Warm-up: the first requests pay for JIT compilation and cold caches.
      for (let round = 0; round < 10; round += 1) for (const size of [5, 50]) await api.request(ClustersNestedDocument, { first: size });
      const results: Record<number, { statements: number; millis: number[] }> = {};
      for (const size of [5, 50]) {
        results[size] = { statements: 0, millis: [] };
        for (let round = 0; round < rounds; round += 1) {
          const started = performance.now();
          const response = await api.request(ClustersNestedDocument, { first: size });
          results[size]!.millis.push(performance.now() - started);
          results[size]!.statements = Number(response.extensions?.sqlStatements);
        }
      }
      const small = results[5]!;
      const large = results[50]!;
      console.log(
        `reads on ${database.label}: page of 5: ${small.statements} statements, median ${format(median(small.millis))} ms; ` +
          `page of 50: ${large.statements} statements, median ${format(median(large.millis))} ms; ` +
          `50/5 latency ratio ${format(median(large.millis) / median(small.millis), 2)} (${rounds} rounds each)`,
      );
    } finally {
      await api.close();
    }
  }
}
