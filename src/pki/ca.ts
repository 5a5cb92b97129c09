// Creates a cluster's self-signed certificate authority, the root its nodes and kubeconfigs trust.
import forge from "node-forge";
import { generateRsaKey, minimumRsaKeyBits, randomSerialNumber, signCertificate, signCertificateAsync, type GeneratedKey } from "./keys.js";
import { subjectAttributes } from "./names.js";
import { certificateToPem } from "./pem.js";
import { validityWindow } from "./validity.js";

/*
 * Why RSA and not ECDSA P-256: node-forge 1.4.3 cannot produce or even read an X.509
 * certificate or request with an elliptic-curve key. In lib/x509.js, `cert.sign` only looks up
 * `<digest>WithRSAEncryption` signature OIDs, and `certificateFromAsn1` and
 * `certificationRequestFromAsn1` throw "Cannot read public key. OID is not RSA." for any other
 * key. The library has no elliptic-curve code at all; its only non-RSA algorithm is
 * lib/ed25519.js, raw Ed25519 signatures that x509.js never calls. P-256 would mean building
 * and signing certificates with something other than forge (Node's crypto can sign, but has no
 * certificate builder), so it is not a drop-in option here.
 *
 * src/pki/x509.ts builds P-256 CAs and signs with an EC or RSA CA through @peculiar/x509; since
 * branch ecdsa2 new clusters get P-256 CAs by default (TURNKEY_PKI_CA_KEY, certificates-authorities.ts),
 * sign.ts routes an EC CA to x509.ts and describe.ts reads EC certificates with Node. This function
 * stays the RSA path (TURNKEY_PKI_CA_KEY=rsa-2048, and CAs already stored as RSA). csr.ts still reads RSA CSRs only.
 */

export interface CertificateAuthorityOptions {
  /** Subject and issuer common name, usually derived from the cluster's name. */
  commonName: string;
  /** RSA modulus size in bits; default 2048, at least 2048. */
  keyBits?: number;
  /** A key made beforehand (say by `generateRsaKeyAsync`); `keyBits` is then ignored. */
  key?: GeneratedKey;
  /** Lifetime in days from `now`; default five years. */
  validityDays?: number;
  /** The moment of issue; passed in so the function stays pure and repeatable in tests. */
  now: Date;
}

export interface KeyAndCertificate {
  certificatePem: string;
  /** Unencrypted PKCS#8 PEM: store it only through `encryptSecret`. */
  privateKeyPem: string;
}

const secondsPerDay = 24 * 60 * 60;

export function createCertificateAuthority(options: CertificateAuthorityOptions): KeyAndCertificate {
  const { certificate, key } = unsignedAuthority(options);
  signCertificate(certificate, key.privateKeyPem);
  return { certificatePem: certificateToPem(certificate), privateKeyPem: key.privateKeyPem };
}

/** Like createCertificateAuthority, with the signature made on libuv's thread pool instead of the event loop. */
export async function createCertificateAuthorityAsync(options: CertificateAuthorityOptions & { key: GeneratedKey }): Promise<KeyAndCertificate> {
  const { certificate, key } = unsignedAuthority(options);
  await signCertificateAsync(certificate, key.privateKeyPem);
  return { certificatePem: certificateToPem(certificate), privateKeyPem: key.privateKeyPem };
}

function unsignedAuthority({ commonName, keyBits = minimumRsaKeyBits, validityDays = 5 * 365, now, key: givenKey }: CertificateAuthorityOptions): { certificate: forge.pki.Certificate; key: GeneratedKey } {
  const name = subjectAttributes({ commonName });
  const { notBefore, notAfter } = validityWindow(now, validityDays * secondsPerDay);
  const key = givenKey ?? generateRsaKey(keyBits);

  const certificate = forge.pki.createCertificate();
  certificate.publicKey = key.publicKey;
  certificate.serialNumber = randomSerialNumber();
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    // pathLen 0: this CA signs end-entity certificates only, never another CA.
    { name: "basicConstraints", critical: true, cA: true, pathLenConstraint: 0 },
    { name: "keyUsage", critical: true, keyCertSign: true, cRLSign: true },
    // Issued certificates name this identifier in their authorityKeyIdentifier, which is how
    // a verifier tells the old and the new CA apart during rotation: both share a subject.
    { name: "subjectKeyIdentifier" },
  ]);
  return { certificate, key };
}
