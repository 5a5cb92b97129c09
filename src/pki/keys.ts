// RSA key generation and certificate serial numbers, shared by the CA and the client issuer.
import { generateKeyPair, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

/** Smallest RSA modulus we generate or accept in a request. */
export const minimumRsaKeyBits = 2048;
/** Largest we generate: beyond this, generation takes seconds and buys nothing for cluster PKI. */
export const maximumRsaKeyBits = 8192;

export interface GeneratedKey {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  /** Unencrypted PKCS#8 PEM; callers store it only through `encryptSecret`. */
  privateKeyPem: string;
}

export function generateRsaKey(bits: number = minimumRsaKeyBits): GeneratedKey {
  requireKeyBits(bits);
  // node-forge can generate RSA keys, but its pure-JavaScript prime search takes seconds for
  // 2048 bits and blocks the event loop meanwhile; OpenSSL behind Node's crypto takes tens of
  // milliseconds. The PEM round trip into a forge object costs nothing next to that.
  const { privateKey: privateKeyPem } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return fromPrivateKeyPem(privateKeyPem);
}

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Like generateRsaKey, but OpenSSL's prime search runs on libuv's thread pool: a server making
 * several CAs at once keeps answering requests meanwhile (a 2048-bit key can take 100 ms or more).
 */
export async function generateRsaKeyAsync(bits: number = minimumRsaKeyBits): Promise<GeneratedKey> {
  requireKeyBits(bits);
  const { privateKey: privateKeyPem } = await generateKeyPairAsync("rsa", {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return fromPrivateKeyPem(privateKeyPem);
}

function requireKeyBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < minimumRsaKeyBits || bits > maximumRsaKeyBits) {
    throw new RangeError(
      `RSA key size must be a whole number of bits from ${minimumRsaKeyBits} to ${maximumRsaKeyBits}, got ${bits}`,
    );
  }
}

function fromPrivateKeyPem(privateKeyPem: string): GeneratedKey {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  return { privateKey, publicKey, privateKeyPem };
}

/** A random 16-octet serial number as lowercase hex, the form forge expects. */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  // RFC 5280 wants a positive INTEGER: clearing the top bit keeps it positive. Setting the
  // next bit keeps the first octet non-zero, because forge writes these octets as they are
  // and OpenSSL refuses an INTEGER with a redundant leading zero. 126 random bits remain.
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) | 0x40, 0);
  return bytes.toString("hex");
}

/** True when the private key is the other half of the public key. */
export function keysMatch(publicKey: forge.pki.rsa.PublicKey, privateKey: forge.pki.rsa.PrivateKey): boolean {
  return publicKey.n.equals(privateKey.n) && publicKey.e.equals(privateKey.e);
}

/**
 * Signs a certificate built with node-forge using Node's native RSA (SHA-256). node-forge's own sign()
 * runs RSA in JavaScript: about 100 ms a signature here, blocking the event loop that serves requests.
 */
export function signCertificate(certificate: forge.pki.Certificate, privateKeyPem: string): void {
  const toBeSigned = prepareSignature(certificate);
  (certificate as forge.pki.Certificate & { signature: string }).signature = sign("sha256", toBeSigned, privateKeyPem).toString("binary");
}

const signAsync = promisify((data: Buffer, key: string, done: (error: Error | null, signature: Buffer) => void) => sign("sha256", data, key, done));

/** Like signCertificate, but the RSA operation runs on libuv's thread pool (a CA create makes three), not on the event loop. */
export async function signCertificateAsync(certificate: forge.pki.Certificate, privateKeyPem: string): Promise<void> {
  const toBeSigned = prepareSignature(certificate);
  (certificate as forge.pki.Certificate & { signature: string }).signature = (await signAsync(toBeSigned, privateKeyPem)).toString("binary");
}

/** Sets the certificate's signature algorithm (SHA-256 with RSA) and returns the DER of what is to be signed. */
function prepareSignature(certificate: forge.pki.Certificate): Buffer {
  const mutable = certificate as forge.pki.Certificate & { signatureOid: string; siginfo: { algorithmOid: string }; md: forge.md.MessageDigest; tbsCertificate: forge.asn1.Asn1; signature: string };
  const oid = forge.pki.oids.sha256WithRSAEncryption!;
  mutable.signatureOid = oid;
  mutable.siginfo.algorithmOid = oid;
  mutable.md = forge.md.sha256.create();
  // getTBSCertificate is public in node-forge but missing from its type definitions.
  mutable.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(certificate: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(certificate);
  return Buffer.from(forge.asn1.toDer(mutable.tbsCertificate).getBytes(), "binary");
}
