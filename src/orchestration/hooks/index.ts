// The operation hooks the composition root registers with the reconciler: the cluster's CAs, and its trust when the driver makes one.
import type { CertificateOptions } from "../../domain/certificates/certificates-settings.js";
import type { Driver } from "../driver.js";
import { certificateHooks } from "./certificates.js";
import type { AnyOperationHook } from "./hook.js";
import { trustHook } from "./trusts.js";

export type { AnyOperationHook, HookScope, OperationHook } from "./hook.js";
export { caRotationHook, certificateHooks, certificatesHook } from "./certificates.js";
export { trustHook } from "./trusts.js";

export interface DefaultHookOptions {
  certificates: CertificateOptions;
  driver: Driver;
  /** Encrypts what the hooks store (trustee passwords). */
  secretKey: string;
}

/** In the order they run: CAs first, then the trust (only for a driver that declares the trust capability). */
export function defaultOperationHooks(options: DefaultHookOptions): AnyOperationHook[] {
  const trust = trustHook(options.driver, options.secretKey);
  return [...certificateHooks(options.certificates), ...(trust ? [trust] : [])];
}
