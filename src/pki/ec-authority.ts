// A self-signed ECDSA P-256 CA certificate written as DER directly, over Node's crypto (key, signature, SHA-1 for the key
// identifier). Why not @peculiar/x509 here, as src/pki/x509.ts does for issuing: its schema-driven ASN.1 serialiser (and
// the re-parse of what it wrote) cost ~4 ms of CPU per CA, three CAs a create: 20% of all the server's CPU at -c 32
// creates with the reconciler on (docs/BENCHMARKS.md "Creates and orchestration scale"). A CA certificate has one fixed
// shape, so it is a template of a few DER elements, every one of them below; @peculiar/x509 still reads and signs with it
// (test/unit/pki-ec-authority.test.ts checks both, and OpenSSL's view of it).
import { createHash, generateKeyPair, sign, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generateEcKeyPair = promisify(generateKeyPair);

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function element(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...contents: Buffer[]) => element(0x30, ...contents);
const set = (...contents: Buffer[]) => element(0x31, ...contents);
const octets = (contents: Buffer) => element(0x04, contents);
const bitString = (contents: Buffer) => element(0x03, Buffer.from([0]), contents);
const TRUE = Buffer.from([0x01, 0x01, 0xff]);

/** DER of an OBJECT IDENTIFIER from its dotted form. */
function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return element(0x06, Buffer.from(bytes));
}

const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));
const COMMON_NAME = oid("2.5.4.3");
const BASIC_CONSTRAINTS = oid("2.5.29.19");
const KEY_USAGE = oid("2.5.29.15");
const SUBJECT_KEY_IDENTIFIER = oid("2.5.29.14");

/** PrintableString when every character allows it (as @peculiar/x509 and OpenSSL choose), else UTF8String. */
function directoryString(text: string): Buffer {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text) ? element(0x13, Buffer.from(text, "ascii")) : element(0x0c, Buffer.from(text, "utf8"));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, Z. */
function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050 ? element(0x17, Buffer.from(digits.slice(2), "ascii")) : element(0x18, Buffer.from(digits, "ascii"));
}

/**
 * A P-256 SubjectPublicKeyInfo up to its point: SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (0 unused
 * bits, 65 octets) }. Every P-256 SPKI starts with these 26 octets; test/unit/pki/ec-authority.test.ts compares the
 * result with OpenSSL's own encoding.
 */
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

/**
 * PKCS#8 of a P-256 key as OpenSSL writes it: SEQUENCE { INTEGER 0, SEQUENCE { id-ecPublicKey, prime256v1 }, OCTET STRING
 * { ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING (the 32-octet scalar), [1] BIT STRING (the point) } } }: these
 * octets, the scalar, the middle ones, the point (pinned to OpenSSL's own export by the same test).
 */
const P256_PKCS8_PREFIX = Buffer.from("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420", "hex");
const P256_PKCS8_MIDDLE = Buffer.from("a144034200", "hex");

/** The point (0x04, x, y) and the private scalar of a P-256 private key, from its JWK. */
export function p256KeyParts(privateKey: KeyObject): { point: Buffer; scalar: Buffer } {
  const { x, y, d } = privateKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(x ?? "", "base64url"), Buffer.from(y ?? "", "base64url")]);
  const scalar = Buffer.from(d ?? "", "base64url");
  if (point.length !== 65 || scalar.length !== 32) throw new Error("not a P-256 private key");
  return { point, scalar };
}

/** The SPKI DER of a P-256 public key from its point (what `export({ type: "spki", format: "der" })` writes). */
export function p256Spki(point: Buffer): Buffer {
  return Buffer.concat([P256_SPKI_PREFIX, point]);
}

export interface EcAuthorityCertificate {
  /** The certificate's DER. */
  der: Buffer;
  privateKey: KeyObject;
  /** The private key as PKCS#8 DER, what `privateKey.export({ type: "pkcs8", format: "der" })` writes. */
  pkcs8: Buffer;
}

/**
 * A self-signed CA: version 3, the serial (hex of a positive INTEGER without a redundant leading zero octet, as
 * randomSerialNumber makes), CN subject and issuer, and the extensions of ca.ts's RSA CA: basicConstraints CA
 * pathLen 0 (critical), keyUsage keyCertSign + cRLSign (critical), subjectKeyIdentifier (SHA-1 of the public key, RFC 5280 4.2.1.2 method 1).
 */
export async function writeEcAuthority({ commonName, serialNumberHex, notBefore, notAfter }: { commonName: string; serialNumberHex: string; notBefore: Date; notAfter: Date }): Promise<EcAuthorityCertificate> {
  const { privateKey } = await generateEcKeyPair("ec", { namedCurve: "P-256" });
  // The key's parts from one JWK export of the private key (~9 µs): OpenSSL 3's encoders cost ~140 µs for the SPKI and
  // ~75 µs for the PKCS#8 PEM, and both are fixed P-256 shapes around the point and the scalar.
  const { point, scalar } = p256KeyParts(privateKey);
  const spki = p256Spki(point);
  const name = sequence(set(sequence(COMMON_NAME, directoryString(commonName))));
  const extensions = element(
    0xa3,
    sequence(
      sequence(BASIC_CONSTRAINTS, TRUE, octets(sequence(TRUE, Buffer.from([0x02, 0x01, 0x00])))),
      // KeyUsage BIT STRING: bit 5 keyCertSign, bit 6 cRLSign = 0b00000110, one unused bit.
      sequence(KEY_USAGE, TRUE, octets(Buffer.from([0x03, 0x02, 0x01, 0x06]))),
      sequence(SUBJECT_KEY_IDENTIFIER, octets(octets(createHash("sha1").update(point).digest()))),
    ),
  );
  const tbs = sequence(
    element(0xa0, Buffer.from([0x02, 0x01, 0x02])),
    element(0x02, Buffer.from(serialNumberHex, "hex")),
    ECDSA_WITH_SHA256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey);
  return { der: sequence(tbs, ECDSA_WITH_SHA256, bitString(signature)), privateKey, pkcs8: Buffer.concat([P256_PKCS8_PREFIX, scalar, P256_PKCS8_MIDDLE, point]) };
}
