// The openssl command line as an independent judge of our PEMs, working in a temporary directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CommandResult {
  succeeded: boolean;
  output: string;
}

export interface OpenSslWorkspace {
  directory: string;
  /** Writes `content` to `name` in the workspace and returns the name, ready to pass as an argument. */
  write(name: string, content: string): string;
  read(name: string): string;
  /** Runs openssl and returns stdout; throws with both streams if it exits non-zero. */
  run(args: readonly string[]): string;
  /** Runs openssl and reports success and combined output, for checks that expect failure. */
  attempt(args: readonly string[]): CommandResult;
  dispose(): void;
}

export function createOpenSslWorkspace(): OpenSslWorkspace {
  const directory = mkdtempSync(join(tmpdir(), "turnkey-pki-"));
  const execute = (args: readonly string[]) => spawnSync("openssl", args, { cwd: directory, encoding: "utf8" });
  return {
    directory,
    write(name, content) {
      writeFileSync(join(directory, name), content);
      return name;
    },
    read(name) {
      return readFileSync(join(directory, name), "utf8");
    },
    run(args) {
      const result = execute(args);
      if (result.status !== 0) {
        throw new Error(`openssl ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
      }
      return result.stdout;
    },
    attempt(args) {
      const result = execute(args);
      // Both streams: openssl 3.0 `req -verify` reports a bad signature on stderr yet exits 0.
      return { succeeded: result.status === 0, output: `${result.stdout}${result.stderr}` };
    },
    dispose() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A fresh request made by `openssl req`; returns the CSR's file name (the key lands beside it). */
export function makeCsr(workspace: OpenSslWorkspace, name: string, subject: string, extraArgs: readonly string[] = []): string {
  const csrFile = `${name}.csr.pem`;
  workspace.run([
    "req", "-new", "-nodes",
    "-newkey", "rsa:2048",
    "-subj", subject,
    "-keyout", `${name}.key.pem`,
    "-out", csrFile,
    ...extraArgs,
  ]);
  return csrFile;
}

/** Both dates of a certificate file, read by openssl itself. */
export function certificateDates(workspace: OpenSslWorkspace, file: string): { notBefore: Date; notAfter: Date } {
  const output = workspace.run(["x509", "-in", file, "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601"]);
  const date = (label: string): Date => {
    const match = new RegExp(`${label}=(\\S+) (\\S+)`).exec(output);
    if (match === null) {
      throw new Error(`no ${label} in openssl output: ${output}`);
    }
    return new Date(`${match[1]}T${match[2]}`);
  };
  return { notBefore: date("notBefore"), notAfter: date("notAfter") };
}
