// Parses and vets a PEM certificate signing request before anything is signed from it.
import forge from "node-forge";
import { minimumRsaKeyBits } from "./keys.js";
import { attributeValues } from "./names.js";
import { decodeSinglePemBlock } from "./pem.js";

export type CsrRejectionReason =
  | "BAD_PEM"
  | "BAD_SIGNATURE"
  | "KEY_TYPE"
  | "KEY_TOO_SMALL"
  | "CA_REQUESTED"
  | "UNKNOWN_CRITICAL_EXTENSION";

/** A request we will not sign; `reason` is stable for callers, `message` is for people. */
export class CsrRejectedError extends Error {
  override readonly name = "CsrRejectedError";
  readonly reason: CsrRejectionReason;

  constructor(reason: CsrRejectionReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface InspectedCsr {
  /** What the requester asked for; informational, since the signer decides the real subject. */
  subject: { commonName: string | null; organizations: string[] };
  publicKey: forge.pki.rsa.PublicKey;
  publicKeyBits: number;
}

const oids = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  extensionRequest: "1.2.840.113549.1.9.14",
  basicConstraints: "2.5.29.19",
};

const keyTypeNames: Readonly<Record<string, string>> = {
  "1.2.840.10045.2.1": "EC",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
  "1.2.840.10040.4.1": "DSA",
  "1.2.840.113549.1.1.10": "RSA-PSS",
};

// The issued certificate never copies an extension from the request, so a critical extension
// we understand (and override with our own policy) is safe to drop. One we do not understand
// may carry a constraint the requester relies on; refusing says so instead of silently
// handing back a certificate without it.
const understoodCriticalExtensions: ReadonlySet<string> = new Set([
  oids.basicConstraints,
  "2.5.29.15", // keyUsage
  "2.5.29.37", // extKeyUsage
  "2.5.29.17", // subjectAltName
  "2.5.29.14", // subjectKeyIdentifier
]);

export function inspectCsr(pem: string): InspectedCsr {
  const request = parseDer(pem);
  refuseKeyType(request);
  const csr = parseRequest(request);
  refuseBadSignature(csr);

  const publicKey = csr.publicKey as forge.pki.rsa.PublicKey;
  const publicKeyBits = publicKey.n.bitLength();
  if (publicKeyBits < minimumRsaKeyBits) {
    throw new CsrRejectedError(
      "KEY_TOO_SMALL",
      `CSR key is ${publicKeyBits}-bit RSA; at least ${minimumRsaKeyBits} bits are required`,
    );
  }
  refuseExtensions(csr);

  const subject = readSubject(csr);
  return { subject, publicKey, publicKeyBits };
}

function parseDer(pem: string): forge.asn1.Asn1 {
  try {
    const block = decodeSinglePemBlock(pem, ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]);
    return forge.asn1.fromDer(block.der);
  } catch (error) {
    throw new CsrRejectedError("BAD_PEM", `CSR is not a PEM-encoded PKCS#10 request: ${messageOf(error)}`);
  }
}

// Read before forge parses the request: forge refuses every non-RSA key with one generic
// error, and we want to tell the requester which key type they sent.
function refuseKeyType(request: forge.asn1.Asn1): void {
  const oidNode = child(child(child(child(request, 0), 2), 0), 0);
  if (oidNode?.type !== forge.asn1.Type.OID || typeof oidNode.value !== "string") {
    throw new CsrRejectedError("BAD_PEM", "CSR has no readable subject public key algorithm");
  }
  const oid = forge.asn1.derToOid(oidNode.value);
  if (oid !== oids.rsaEncryption) {
    const keyType = keyTypeNames[oid] ?? "unrecognised";
    throw new CsrRejectedError("KEY_TYPE", `CSR key is ${keyType} (OID ${oid}); only RSA keys are accepted`);
  }
}

function parseRequest(request: forge.asn1.Asn1): forge.pki.CertificateSigningRequest {
  try {
    // No digest yet: an unsupported signature algorithm should read as a signature problem,
    // which is what verify() reports when it computes the digest itself.
    return forge.pki.certificationRequestFromAsn1(request, false);
  } catch (error) {
    throw new CsrRejectedError("BAD_PEM", `CSR is not a valid PKCS#10 request: ${messageOf(error)}`);
  }
}

function refuseBadSignature(csr: forge.pki.CertificateSigningRequest): void {
  let verified = false;
  try {
    verified = csr.verify();
  } catch {
    // forge throws rather than returning false for malformed padding or unknown algorithms.
  }
  if (!verified) {
    throw new CsrRejectedError(
      "BAD_SIGNATURE",
      "CSR signature does not verify against its own public key; the request was altered or the key is not held by the requester",
    );
  }
}

function refuseExtensions(csr: forge.pki.CertificateSigningRequest): void {
  const extensions = csr.attributes
    .filter((attribute) => attribute.type === oids.extensionRequest)
    .flatMap((attribute) => (attribute.extensions ?? []) as { id: string; critical: boolean; cA?: boolean }[]);
  for (const extension of extensions) {
    if (extension.id === oids.basicConstraints && extension.cA === true) {
      throw new CsrRejectedError("CA_REQUESTED", "CSR asks for a CA certificate (basicConstraints cA=true); only client certificates are issued");
    }
    if (extension.critical && !understoodCriticalExtensions.has(extension.id)) {
      throw new CsrRejectedError(
        "UNKNOWN_CRITICAL_EXTENSION",
        `CSR requests critical extension ${extension.id}, which this issuer does not understand`,
      );
    }
  }
}

function readSubject(csr: forge.pki.CertificateSigningRequest): InspectedCsr["subject"] {
  try {
    return {
      commonName: attributeValues(csr.subject.attributes, "CN")[0] ?? null,
      organizations: attributeValues(csr.subject.attributes, "O"),
    };
  } catch {
    throw new CsrRejectedError("BAD_PEM", "CSR subject contains text that is not valid in its declared encoding");
  }
}

function child(node: forge.asn1.Asn1 | undefined, index: number): forge.asn1.Asn1 | undefined {
  return node !== undefined && Array.isArray(node.value) ? node.value[index] : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
