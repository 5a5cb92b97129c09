// PEM framing: splits text into typed DER blocks and writes blocks back with LF line endings.
import forge from "node-forge";

export interface PemBlock {
  /** The label between BEGIN and END, for example `CERTIFICATE`. */
  type: string;
  /** DER bytes as a forge binary string. */
  der: string;
}

/** Every PEM block in `text`, in order; throws if the text holds none or an encrypted one. */
export function decodePemBlocks(text: string): PemBlock[] {
  if (typeof text !== "string") {
    throw new Error("PEM input must be a string");
  }
  if (!text.includes("-----BEGIN ")) {
    throw new Error("input contains no PEM block");
  }
  let messages: forge.pem.ObjectPEM[];
  try {
    messages = forge.pem.decode(text);
  } catch {
    throw new Error("input is not valid PEM");
  }
  return messages.map((message) => {
    // Encrypted PEM (Proc-Type headers) would need a passphrase we never have.
    if (message.procType) {
      throw new Error(`PEM block ${message.type} is encrypted; only plain PEM is accepted`);
    }
    return { type: message.type, der: message.body };
  });
}

/** Exactly one block of the given type, or an error naming what was found instead. */
export function decodeSinglePemBlock(text: string, acceptedTypes: readonly string[]): PemBlock {
  const blocks = decodePemBlocks(text);
  const [block] = blocks;
  if (blocks.length !== 1 || block === undefined) {
    throw new Error(`expected one PEM block, found ${blocks.length}`);
  }
  if (!acceptedTypes.includes(block.type)) {
    throw new Error(`expected a PEM block of type ${acceptedTypes.join(" or ")}, found ${block.type}`);
  }
  return block;
}

export function encodePem(block: PemBlock): string {
  // forge writes CRLF; Node, OpenSSL and kubectl write LF, and mixing the two makes
  // stored bundles differ byte for byte for no reason.
  return forge.pem.encode({ type: block.type, body: block.der }).replace(/\r\n/g, "\n");
}

export function certificateToPem(certificate: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(certificate).replace(/\r\n/g, "\n");
}
