// The reliability cases create hundreds of clusters in the home project: beyond Magnum's default quota of 20.
import { HOME_PROJECT } from "../../src/bootstrap.js";
import { toGlobalId } from "../../src/graphql/common/global-id.js";
import { ADMIN_TOKEN } from "../support/server.js";

export async function liftHomeQuotas(url: string): Promise<void> {
  for (const resource of ["CLUSTERS", "NODES"]) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: "mutation ($input: QuotaSetInput!) { quotaSet(input: $input) { userErrors { code message } } }",
        variables: { input: { projectId: toGlobalId("Project", HOME_PROJECT.id), resource, limit: 100_000 } },
      }),
    });
    const body = (await response.json()) as { data?: { quotaSet: { userErrors: unknown[] } }; errors?: unknown[] };
    if (body.errors || body.data?.quotaSet.userErrors.length) throw new Error(`raising the ${resource} quota failed: ${JSON.stringify(body)}`);
  }
}
