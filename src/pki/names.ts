// Distinguished names: builds subjects with UTF-8 values and reads names back as RFC 4514 text.
import forge from "node-forge";

export interface SubjectName {
  commonName: string;
  organizations?: readonly string[];
}

// forge's types call this field an asn1.Class, but forge stores the value's universal tag there.
const utf8StringTag = forge.asn1.Type.UTF8 as number;
const bmpStringTag = forge.asn1.Type.BMPSTRING as number;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Subject attributes in the usual order, most general first (O before CN), so the RFC 4514
 * form, which lists the most specific first, reads `CN=alice,O=developers`.
 */
export function subjectAttributes({ commonName, organizations = [] }: SubjectName): forge.pki.CertificateField[] {
  requireText("common name", commonName);
  organizations.forEach((organization) => requireText("organization", organization));
  // UTF8String rather than forge's default PrintableString: PrintableString cannot hold '@',
  // '_' or '*', all common in Kubernetes user and group names, and RFC 5280 asks for UTF-8.
  const field = (shortName: string, value: string): forge.pki.CertificateField => ({
    shortName,
    value,
    valueTagClass: utf8StringTag as forge.asn1.Class,
  });
  return [...organizations.map((organization) => field("O", organization)), field("CN", commonName)];
}

/** The text of one parsed attribute; forge hands values back as undecoded bytes. */
export function attributeText(field: forge.pki.CertificateField): string {
  const raw = typeof field.value === "string" ? field.value : "";
  const bytes = Buffer.from(raw, "latin1");
  switch (field.valueTagClass as number | undefined) {
    case utf8StringTag:
      return strictUtf8.decode(bytes);
    case bmpStringTag:
      return Buffer.from(bytes).swap16().toString("utf16le");
    default:
      // PrintableString and IA5String are ASCII; T61String is rare enough to read as Latin-1.
      return raw;
  }
}

/** Every value of the attribute with this short name, in certificate order. */
export function attributeValues(fields: readonly forge.pki.CertificateField[], shortName: string): string[] {
  return fields.filter((field) => field.shortName === shortName).map(attributeText);
}

/**
 * Parsed attributes made fit to write again. forge returns UTF8String values as raw bytes but
 * UTF-8-encodes them again on output, so copying a CA's subject into an issuer unchanged would
 * double-encode any non-ASCII character, and the issuer would no longer match the CA's subject.
 */
export function rewritableAttributes(fields: readonly forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return fields.map((field) => ({
    type: field.type,
    valueTagClass: field.valueTagClass,
    value: (field.valueTagClass as number | undefined) === utf8StringTag ? attributeText(field) : field.value,
  }));
}

const rfc4514Keywords = new Set(["CN", "L", "ST", "O", "OU", "C", "STREET", "DC", "UID"]);

/** RFC 4514 form, most specific attribute first, e.g. `CN=alice,O=developers`. */
export function distinguishedNameText(fields: readonly forge.pki.CertificateField[]): string {
  return [...fields]
    .reverse()
    .map((field) => {
      const shortName = field.shortName ?? "";
      const keyword = rfc4514Keywords.has(shortName) ? shortName : (field.name ?? field.type ?? "");
      return `${keyword}=${escapeValue(attributeText(field))}`;
    })
    .join(",");
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\"+,;<>]/g, (character) => `\\${character}`)
    .replace(/\0/g, "\\00")
    .replace(/^[ #]/, (character) => `\\${character}`)
    .replace(/ $/, "\\ ");
}

function requireText(label: string, value: string): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${label} must be a non-empty string`);
  }
}
