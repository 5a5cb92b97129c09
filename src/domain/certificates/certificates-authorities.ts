// A cluster's new CAs, made with their keys encrypted at rest before any transaction opens (the rows' writes are db/queries/certificates.ts).
import type { NewAuthority } from "../../db/queries/certificates.js";
import { createCertificateAuthorityAsync, createEcCertificateAuthority, describeCertificate, encryptSecret, rsaKeys } from "../../pki/index.js";
import type { AuthorityDescription, PemKeyAndCertificate } from "../../pki/index.js";
import { authorityCommonName, type CertificateKind } from "./certificates.js";
import type { CertificateOptions } from "./certificates-settings.js";

/** A new CA ready to store (db/queries/certificates.ts writes it): its certificate, and its private key already encrypted. */
export type PreparedAuthority = NewAuthority & { kind: CertificateKind };

/**
 * Makes one CA per kind. The slow part (the keys, on the thread pool) runs before any transaction
 * opens; the private key exists in clear only in memory, for the moment it takes to encrypt it.
 */
export async function prepareAuthorities(options: CertificateOptions, clusterName: string, kinds: readonly CertificateKind[], now: Date): Promise<PreparedAuthority[]> {
  const authorities: (PemKeyAndCertificate & { description?: AuthorityDescription })[] = await Promise.all(
    options.caKeyType === "ecdsa-p256"
      ? // ECDSA P-256 (src/pki/x509.ts): key and signature cost about a millisecond, so a create is no longer bound by CA keys.
        kinds.map((kind) => createEcCertificateAuthority({ commonName: authorityCommonName(clusterName, kind), validityDays: options.caValidityDays, now }))
      : await (async () => {
          const keys = await Promise.all(kinds.map(() => rsaKeys.take(options.caKeyBits)));
          // The signatures too run on the thread pool (three CAs a create), so the event loop keeps serving requests.
          return kinds.map((kind, index) => createCertificateAuthorityAsync({ commonName: authorityCommonName(clusterName, kind), key: keys[index]!, validityDays: options.caValidityDays, now }));
        })(),
  );
  return kinds.map((kind, index) => {
    const authority = authorities[index]!;
    // An EC CA comes with its description (no second parse of what was just written); an RSA one is read back.
    const { pem, serialNumber, fingerprintSha256, notBefore, notAfter } = authority.description ?? describeCertificate(authority.certificatePem);
    return { kind, pem, encryptedPrivateKey: encryptSecret(authority.privateKeyPem, options.secretKey), serialNumber, fingerprintSha256, notBefore, notAfter };
  });
}

// The rows' writes live in db/queries/certificates.ts; re-exported here for the rotation's phases that call them.
export {
  discardPendingAuthorities,
  insertAuthorities,
  kindsPresent,
  nextGeneration,
  promotePendingAuthorities,
  removeRetiringAuthorities,
} from "../../db/queries/certificates.js";
