// ECDSA P-256 cluster CAs, and signing with a CA of either key type, through @peculiar/x509.
//
// Why ECDSA P-256: an RSA-2048 key costs ~217 ms of CPU on this 2-core machine (OpenSSL's prime
// search) and a create makes three CAs, which capped creates near 3/s end to end
// (docs/BENCHMARKS.md "Creates and orchestration scale"). A P-256 key costs well under a
// millisecond, and P-256 is what Kubernetes' own kubeadm and cert-manager accept everywhere.
//
// Why @peculiar/x509 next to node-forge (the written reason): node-forge 1.4.3 cannot write or
// read a certificate whose key is not RSA (see src/pki/ca.ts); Node's crypto can sign but has no
// certificate builder. @peculiar/x509 (2.x, maintained by PeculiarVentures, on npm) builds and
// signs X.509 certificates over Node's webcrypto for EC and RSA alike, so nothing generic about
// ASN.1 is written by hand here. node-forge stays where it still works (RSA CSRs, RSA CAs).
// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the reflect polyfill loaded first.
import "reflect-metadata";
import { createHash, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { CertificateDescription } from "./describe.js";
import { writeEcAuthority } from "./ec-authority.js";
import { randomSerialNumber } from "./keys.js";
import { validityWindow } from "./validity.js";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const rsa = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const secondsPerDay = 24 * 60 * 60;

export interface EcAuthorityOptions {
  commonName: string;
  validityDays?: number;
  now: Date;
}

export interface PemKeyAndCertificate {
  certificatePem: string;
  /** Unencrypted PKCS#8 PEM: store it only through `encryptSecret`. */
  privateKeyPem: string;
}

/**
 * A self-signed ECDSA P-256 CA with the same extensions as the RSA one in ca.ts, written by ec-authority.ts (its DER
 * template costs a fraction of this library's serialiser; what it writes is what this library wrote, element for element).
 */
export async function createEcCertificateAuthority({ commonName, validityDays = 5 * 365, now }: EcAuthorityOptions): Promise<PemKeyAndCertificate & { description: AuthorityDescription }> {
  const { notBefore, notAfter } = validityWindow(now, validityDays * secondsPerDay);
  const serialNumberHex = randomSerialNumber();
  const { der, pkcs8 } = await writeEcAuthority({ commonName, serialNumberHex, notBefore, notAfter });
  const certificatePem = x509.PemConverter.encode(der, "CERTIFICATE");
  // What describeCertificate would read back, known without parsing the certificate again (OpenSSL's X509 and key
  // decoders cost ~0.5 ms a CA); test/unit/pki/ec-authority.test.ts checks it equals describeCertificate's.
  const description: AuthorityDescription = {
    // describe.ts's canonical form: the same 64-column LF lines, ending in a newline.
    pem: certificatePem.endsWith("\n") ? certificatePem : `${certificatePem}\n`,
    serialNumber: serialNumberHex.toUpperCase(),
    notBefore,
    notAfter,
    fingerprintSha256: createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)!.join(":"),
  };
  // As Node writes a PKCS#8 PEM: 64-column lines, ending in a newline.
  return { certificatePem, privateKeyPem: `${x509.PemConverter.encode(pkcs8, "PRIVATE KEY")}\n`, description };
}

/** The fields of a CA's row that describeCertificate reads off its PEM. */
export type AuthorityDescription = Pick<CertificateDescription, "pem" | "serialNumber" | "notBefore" | "notAfter" | "fingerprintSha256">;

export interface SignWithAuthorityOptions {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  /** The subject key as SPKI PEM (RSA or EC). */
  subjectPublicKeyPem: string;
  commonName: string;
  organizations: readonly string[];
  validitySeconds: number;
  now: Date;
}

/** Issues a client certificate from a CA whose key is EC P-256 or RSA; the subject key may be either. */
export async function signWithAuthority(options: SignWithAuthorityOptions): Promise<string> {
  const authority = new x509.X509Certificate(options.caCertificatePem);
  const basic = authority.getExtension(x509.BasicConstraintsExtension);
  if (basic?.ca !== true) throw new Error("the issuing certificate is not a certificate authority");
  if (authority.notAfter.getTime() <= options.now.getTime()) {
    throw new Error(`the CA expired at ${authority.notAfter.toISOString()}; rotate it before issuing certificates`);
  }
  const algorithm = authority.publicKey.algorithm.name === "ECDSA" ? ecdsa : rsa;
  const signingKey = await webcrypto.subtle.importKey("pkcs8", pemBody(options.caPrivateKeyPem), algorithm, false, ["sign"]);
  const subjectKey = new x509.PublicKey(options.subjectPublicKeyPem);
  const window = validityWindow(options.now, options.validitySeconds);
  const skid = authority.getExtension(x509.SubjectKeyIdentifierExtension);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    // O before CN, as forge writes it (sign.ts), so both CAs issue the same subject: "O=…, CN=…".
    subject: [...options.organizations.map((o) => ({ O: [o] })), { CN: [options.commonName] }],
    issuer: authority.subject,
    notBefore: window.notBefore,
    notAfter: window.notAfter < authority.notAfter ? window.notAfter : authority.notAfter,
    publicKey: subjectKey,
    signingKey: signingKey as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"]["privateKey"],
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(subjectKey),
      ...(skid ? [new x509.AuthorityKeyIdentifierExtension(skid.keyId)] : [await x509.AuthorityKeyIdentifierExtension.create(authority)]),
    ],
  });
  return certificate.toString("pem");
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}
