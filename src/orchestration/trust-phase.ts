// The create phase that gives a cluster its own OpenStack identity (a trustee and a trust) when the driver makes them.
import { eq } from "drizzle-orm";
import { clusters } from "../db/schema/index.js";
import { decryptSecret, encryptSecret } from "../pki/index.js";
import type { Driver } from "./driver.js";
import { hasTrustHooks, type TrusteeCredentials } from "./drivers/heat/driver.js";
import type { OperationPhase } from "./operation-runner.js";

/**
 * Before each create attempt the driver ensures the trust (reusing the stored one while it works); the
 * result is stored, password encrypted, in the transaction that records the submission. A crash in
 * between leaves a trustee whose next prepare gets a new password: nothing is orphaned.
 */
export function trustPhase(driver: Driver, secretKey: string): OperationPhase<TrusteeCredentials | null> | null {
  if (!hasTrustHooks(driver)) return null;
  return {
    name: "trust",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    prepare: async ({ cluster, spec }) => {
      const stored = cluster.trustCredentials ? (JSON.parse(decryptSecret(cluster.trustCredentials, secretKey)) as TrusteeCredentials) : null;
      return driver.prepareTrust(spec, stored);
    },
    async run(transaction, { cluster, prepared }) {
      if (prepared === undefined) return;
      const trustCredentials = prepared ? encryptSecret(JSON.stringify(prepared), secretKey) : null;
      await transaction.update(clusters).set({ trustCredentials }).where(eq(clusters.id, cluster.id));
    },
  };
}
