// Issues client certificates from a cluster CA, for a vetted CSR or for a freshly generated key.
import forge from "node-forge";
import type { KeyAndCertificate } from "./ca.js";
import type { InspectedCsr } from "./csr.js";
import { generateRsaKey, keysMatch, minimumRsaKeyBits, randomSerialNumber, signCertificate, type GeneratedKey } from "./keys.js";
import { rewritableAttributes, subjectAttributes } from "./names.js";
import { certificateToPem, decodeSinglePemBlock } from "./pem.js";
import { validityWindow } from "./validity.js";
import { X509Certificate } from "node:crypto";
import { signWithAuthority } from "./x509.js";
import { describeCertificate } from "./describe.js";

/** True when the CA's key is EC (an ECDSA P-256 CA, which forge cannot read). */
export function isEcAuthority(caCertificatePem: string): boolean {
  return new X509Certificate(caCertificatePem).publicKey.asymmetricKeyType === "ec";
}

/** Like signClientCertificate, for a CA of either key type: an EC CA signs through @peculiar/x509. */
export async function signClientCertificateAsync({ csr, ...options }: SignClientCertificateOptions): Promise<string> {
  if (!isEcAuthority(options.caCertificatePem)) return signClientKey(csr.publicKey, options);
  // The canonical PEM (describe.ts), byte for byte what the certificate field shows.
  return describeCertificate(await signWithAuthority({ ...options, subjectPublicKeyPem: forge.pki.publicKeyToPem(csr.publicKey) })).pem;
}

/** Like issueClientKeyAndCertificate, for a CA of either key type. The client key stays RSA (from the pool). */
export async function issueClientKeyAndCertificateAsync({ keyBits = minimumRsaKeyBits, key, ...options }: IssueClientKeyOptions): Promise<KeyAndCertificate> {
  if (!isEcAuthority(options.caCertificatePem)) return issueClientKeyAndCertificate({ keyBits, ...(key ? { key } : {}), ...options });
  key ??= generateRsaKey(keyBits);
  const certificatePem = describeCertificate(await signWithAuthority({ ...options, subjectPublicKeyPem: forge.pki.publicKeyToPem(key.publicKey) })).pem;
  return { certificatePem, privateKeyPem: key.privateKeyPem };
}

export interface ClientCertificateOptions {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  /**
   * The subject is the caller's decision (who this user is, which groups it joins), never a
   * copy of what the request asked for: Kubernetes reads CN as the user and O as its groups.
   */
  commonName: string;
  organizations: readonly string[];
  /** Lifetime from `now`; cut short if the CA expires sooner. */
  validitySeconds: number;
  now: Date;
}

export interface SignClientCertificateOptions extends ClientCertificateOptions {
  /** A request that has passed `inspectCsr`; only its public key is used. */
  csr: InspectedCsr;
}

export interface IssueClientKeyOptions extends ClientCertificateOptions {
  /** RSA modulus size in bits; default 2048. */
  keyBits?: number;
  /** A key made beforehand (say by `generateRsaKeyAsync`); `keyBits` is then ignored. */
  key?: GeneratedKey;
}

/** Signs the CSR's key into a client certificate; returns the certificate PEM. */
export function signClientCertificate({ csr, ...options }: SignClientCertificateOptions): string {
  return signClientKey(csr.publicKey, options);
}

/** Generates a key on the server and certifies it, for kubeconfigs handed out whole. */
export function issueClientKeyAndCertificate({
  keyBits = minimumRsaKeyBits,
  key,
  ...options
}: IssueClientKeyOptions): KeyAndCertificate {
  key ??= generateRsaKey(keyBits);
  return { certificatePem: signClientKey(key.publicKey, options), privateKeyPem: key.privateKeyPem };
}

function signClientKey(publicKey: forge.pki.rsa.PublicKey, options: ClientCertificateOptions): string {
  const authority = loadAuthority(options.caCertificatePem, options.caPrivateKeyPem);
  const subject = subjectAttributes({ commonName: options.commonName, organizations: options.organizations });
  const window = validityWindow(options.now, options.validitySeconds);
  const authorityNotAfter = authority.certificate.validity.notAfter;
  if (authorityNotAfter.getTime() <= options.now.getTime()) {
    throw new Error(`the CA expired at ${authorityNotAfter.toISOString()}; rotate it before issuing certificates`);
  }

  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = randomSerialNumber();
  certificate.validity.notBefore = window.notBefore;
  // A certificate outliving its CA fails verification from that moment anyway; ending it with
  // the CA makes the date the certificate shows the date it really stops working.
  certificate.validity.notAfter = window.notAfter < authorityNotAfter ? window.notAfter : authorityNotAfter;
  certificate.setSubject(subject);
  certificate.setIssuer(rewritableAttributes(authority.certificate.subject.attributes));
  certificate.setExtensions([
    { name: "basicConstraints", critical: true, cA: false },
    { name: "keyUsage", critical: true, digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", clientAuth: true },
    { name: "subjectKeyIdentifier" },
    // forge's `keyIdentifier: true` would hash this certificate's own key; the identifier
    // must be the CA's, so that verifiers pick the right CA when old and new share a name.
    { name: "authorityKeyIdentifier", keyIdentifier: authority.keyIdentifier },
  ]);
  signCertificate(certificate, authority.privateKeyPem);
  return certificateToPem(certificate);
}

interface Authority {
  certificate: forge.pki.Certificate;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
  /** The CA's subject key identifier as a forge binary string. */
  keyIdentifier: string;
}

function loadAuthority(certificatePem: string, privateKeyPem: string): Authority {
  const block = decodeSinglePemBlock(certificatePem, ["CERTIFICATE"]);
  const certificate = forge.pki.certificateFromAsn1(forge.asn1.fromDer(block.der));
  const basicConstraints = certificate.getExtension("basicConstraints") as { cA?: boolean } | null;
  if (basicConstraints?.cA !== true) {
    throw new Error("the issuing certificate is not a certificate authority");
  }
  let privateKey: forge.pki.rsa.PrivateKey;
  try {
    privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  } catch {
    // forge's own message is harmless, but a key never gets near an error path if we can help it.
    throw new Error("the CA private key is not a readable RSA private key PEM");
  }
  if (!keysMatch(certificate.publicKey as forge.pki.rsa.PublicKey, privateKey)) {
    throw new Error("the CA private key does not belong to the CA certificate");
  }
  const subjectKeyIdentifier = certificate.getExtension("subjectKeyIdentifier") as
    | { subjectKeyIdentifier?: string }
    | null;
  const keyIdentifier =
    subjectKeyIdentifier?.subjectKeyIdentifier !== undefined
      ? forge.util.hexToBytes(subjectKeyIdentifier.subjectKeyIdentifier)
      : certificate.generateSubjectKeyIdentifier().getBytes();
  return { certificate, privateKey, privateKeyPem, keyIdentifier };
}
