// The PKI module's public surface: pure functions for cluster CAs, client certificates and secrets.
export { createCertificateAuthority, createCertificateAuthorityAsync } from "./ca.js";
export type { CertificateAuthorityOptions, KeyAndCertificate } from "./ca.js";
export { CsrRejectedError, inspectCsr } from "./csr.js";
export type { CsrRejectionReason, InspectedCsr } from "./csr.js";
export { issueClientKeyAndCertificate, issueClientKeyAndCertificateAsync, isEcAuthority, signClientCertificate, signClientCertificateAsync } from "./sign.js";
export { createEcCertificateAuthority } from "./x509.js";
export type { AuthorityDescription, PemKeyAndCertificate } from "./x509.js";
export type { ClientCertificateOptions, IssueClientKeyOptions, SignClientCertificateOptions } from "./sign.js";
export { describeCertificate } from "./describe.js";
export type { CertificateDescription } from "./describe.js";
export { decryptSecret, encryptSecret, SecretDecryptionError } from "./secrets.js";
export { renderKubeconfig } from "./kubeconfig.js";
export type { KubeconfigOptions } from "./kubeconfig.js";
export { bundleCertificateAuthorities, splitCertificateBundle } from "./bundle.js";
export { clockSkewAllowanceSeconds } from "./validity.js";
export { generateRsaKeyAsync, minimumRsaKeyBits } from "./keys.js";
export type { GeneratedKey } from "./keys.js";
export { RsaKeyPool, rsaKeys } from "./key-pool.js";
