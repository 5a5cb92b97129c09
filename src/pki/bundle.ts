// Joins CA certificates into one PEM bundle, so clients trust old and new CA during a rotation.
import { describeCertificate } from "./describe.js";
import { decodePemBlocks, encodePem } from "./pem.js";

/**
 * One bundle holding every CA certificate in `certificatePems`, in order, each once. An input
 * may itself be a bundle, so `bundleCertificateAuthorities([currentBundle, newCa])` works.
 * Every certificate must be a CA: a leaf in a trust bundle would be trusted as an issuer.
 */
export function bundleCertificateAuthorities(certificatePems: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const pem of certificatePems) {
    for (const block of decodePemBlocks(pem)) {
      if (block.type !== "CERTIFICATE") {
        throw new Error(`a CA bundle holds certificates only, found a ${block.type} block`);
      }
      const blockPem = encodePem(block);
      const description = describeCertificate(blockPem);
      if (!description.isCertificateAuthority) {
        throw new Error(`certificate ${description.subject} is not a CA and cannot join a CA bundle`);
      }
      // The same CA listed twice is harmless to clients but makes bundles compare unequal.
      if (!seen.has(description.fingerprintSha256)) {
        seen.add(description.fingerprintSha256);
        parts.push(blockPem);
      }
    }
  }
  if (parts.length === 0) {
    throw new Error("a CA bundle needs at least one certificate");
  }
  return parts.join("");
}

/** The certificates of a bundle as separate PEM strings, in bundle order. */
export function splitCertificateBundle(bundlePem: string): string[] {
  return decodePemBlocks(bundlePem)
    .filter((block) => block.type === "CERTIFICATE")
    .map(encodePem);
}
