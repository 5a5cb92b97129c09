// Summarises a PEM certificate for display: names, serial, validity, fingerprint, CA flag.
import { createHash, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { distinguishedNameText } from "./names.js";
import { decodeSinglePemBlock, encodePem } from "./pem.js";

export interface CertificateDescription {
  /** The certificate re-encoded as canonical single-block PEM with LF line endings. */
  pem: string;
  /** RFC 4514 form, most specific first, e.g. `CN=alice,O=system:masters`. */
  subject: string;
  issuer: string;
  /** Uppercase hex of the serial's octets, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, uppercase hex pairs joined by colons. */
  fingerprintSha256: string;
  isCertificateAuthority: boolean;
}

/** Describes exactly one certificate; throws for anything else, including non-RSA certificates forge cannot read. */
export function describeCertificate(pem: string): CertificateDescription {
  const block = decodeSinglePemBlock(pem, ["CERTIFICATE"]);
  const der = Buffer.from(block.der, "binary");
  // forge reads RSA certificates only: a certificate of another key (an ECDSA P-256 CA, src/pki/x509.ts) goes to
  // Node's crypto (native, a fraction of forge's parse) without forge parsing it all first to find that out.
  const native = new X509Certificate(der);
  if (native.publicKey.asymmetricKeyType !== "rsa") return describeWithNode(encodePem(block), native);
  let certificate: forge.pki.Certificate;
  try {
    certificate = forge.pki.certificateFromAsn1(forge.asn1.fromDer(block.der));
  } catch (error) {
    // forge reads RSA certificates only; an ECDSA P-256 CA (src/pki/x509.ts) is read by Node's crypto.
    if (!(error instanceof Error) || !/not RSA/.test(error.message)) throw error;
    return describeWithNode(encodePem(block), native);
  }
  const basicConstraints = certificate.getExtension("basicConstraints") as { cA?: boolean } | null;
  // Hash the DER as received, not forge's re-encoding of it, so the fingerprint matches
  // what OpenSSL and browsers show even for a certificate encoded slightly off DER.
  const digest = createHash("sha256").update(der).digest("hex");
  return {
    pem: encodePem(block),
    subject: distinguishedNameText(certificate.subject.attributes),
    issuer: distinguishedNameText(certificate.issuer.attributes),
    serialNumber: certificate.serialNumber.toUpperCase(),
    notBefore: certificate.validity.notBefore,
    notAfter: certificate.validity.notAfter,
    fingerprintSha256: digest.toUpperCase().match(/../g)?.join(":") ?? "",
    isCertificateAuthority: basicConstraints?.cA === true,
  };
}

/** RFC 4514 order (most specific first) from Node's one-attribute-per-line form. */
function nodeNameText(name: string): string {
  return name.split("\n").filter((line) => line !== "").reverse().join(",");
}

function describeWithNode(pem: string, certificate: X509Certificate): CertificateDescription {
  return {
    pem,
    subject: nodeNameText(certificate.subject),
    issuer: nodeNameText(certificate.issuer),
    serialNumber: certificate.serialNumber.toUpperCase(),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    fingerprintSha256: certificate.fingerprint256.toUpperCase(),
    isCertificateAuthority: certificate.ca,
  };
}
