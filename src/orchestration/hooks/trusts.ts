// The create hook that gives a cluster its own OpenStack identity (a trustee and a trust) when the driver declares the trust capability.
import { eq } from "drizzle-orm";
import { clusters } from "../../db/schema/index.js";
import { decryptSecret, encryptSecret } from "../../pki/index.js";
import type { Driver, TrusteeCredentials } from "../driver.js";
import type { OperationHook } from "./hook.js";

/**
 * Before each create attempt the driver ensures the trust (reusing the stored one while it works); the
 * result is stored, password encrypted, in the transaction that records the submission. A crash in
 * between leaves a trustee whose next prepare gets a new password: nothing is orphaned.
 * Null when the driver makes no trusts.
 */
export function trustHook(driver: Driver, secretKey: string): OperationHook<TrusteeCredentials | null> | null {
  const trusts = driver.trusts;
  if (!trusts) return null;
  return {
    name: "trust",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    beforeSubmit: async ({ cluster, spec }) => {
      const stored = cluster.trustCredentials ? (JSON.parse(decryptSecret(cluster.trustCredentials, secretKey)) as TrusteeCredentials) : null;
      return trusts.prepare(spec, stored);
    },
    async afterSubmit(transaction, { cluster, prepared }) {
      if (prepared === undefined) return;
      const trustCredentials = prepared ? encryptSecret(JSON.stringify(prepared), secretKey) : null;
      await transaction.update(clusters).set({ trustCredentials }).where(eq(clusters.id, cluster.id));
    },
  };
}
