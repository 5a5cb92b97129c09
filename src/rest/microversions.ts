// Magnum's microversions: the OpenStack-API-Version header read, checked against 1.1–1.10, and echoed on every /v1 answer.
import type { NextFunction, Request, Response } from "express";
import { RestError } from "./errors.js";

export const SERVICE = "container-infra";
export const MIN_VERSION = { major: 1, minor: 1 } as const;
export const MAX_VERSION = { major: 1, minor: 10 } as const;
export const HEADER = "OpenStack-API-Version";

export interface Microversion {
  major: number;
  minor: number;
}

export const describeVersion = (version: Microversion) => `${version.major}.${version.minor}`;
export const compareVersions = (left: Microversion, right: Microversion) => left.major - right.major || left.minor - right.minor;

/** The version a request asks for, as Magnum's Version.parse_headers reads it; a RestError(406) when malformed. */
export function parseVersionHeader(header: string | undefined): Microversion {
  if (header === undefined) return { ...MIN_VERSION };
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2) throw versionError(`Invalid service type for ${HEADER} header`);
  const [service, value] = parts as [string, string];
  if (service.toLowerCase() !== SERVICE) throw versionError(`Invalid service type for ${HEADER} header`);
  if (value.toLowerCase() === "latest") return { ...MAX_VERSION };
  const match = /^(\d+)\.(\d+)$/.exec(value);
  if (!match) throw versionError(`Invalid value for ${HEADER} header`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

function versionError(detail: string): RestError {
  return new RestError(406, detail, { code: "", title: "Not Acceptable" });
}

function unsupported(version: Microversion, detail: string): RestError {
  return new RestError(406, detail, {
    code: "magnum.microversion-unsupported",
    title: "Requested microversion is unsupported",
    links: [{ rel: "help", href: "http://docs.openstack.org/api-guide/compute/microversions.html" }],
    extra: { max_version: describeVersion(MAX_VERSION), min_version: describeVersion(MIN_VERSION) },
  });
}

/** Reads the version, sets the headers Magnum always sets (also on refusals), and refuses versions outside the range. */
export function microversions(request: Request, response: Response, next: NextFunction): void {
  response.setHeader("OpenStack-API-Minimum-Version", `${SERVICE} ${describeVersion(MIN_VERSION)}`);
  response.setHeader("OpenStack-API-Maximum-Version", `${SERVICE} ${describeVersion(MAX_VERSION)}`);
  response.setHeader("Vary", HEADER);
  const header = request.headers[HEADER.toLowerCase()];
  const version = parseVersionHeader(Array.isArray(header) ? header[0] : header);
  response.setHeader(HEADER, `${SERVICE} ${describeVersion(version)}`);
  const range = `[${SERVICE} ${describeVersion(MIN_VERSION)}, ${SERVICE} ${describeVersion(MAX_VERSION)}]`;
  if (version.major !== MAX_VERSION.major) {
    throw unsupported(version, `Mutually exclusive versions requested. Version ${describeVersion(version)} requested but not supported by this service.The supported version range is: ${range}.`);
  }
  if (compareVersions(version, MIN_VERSION) < 0 || compareVersions(version, MAX_VERSION) > 0) {
    throw unsupported(version, `Version ${describeVersion(version)} was requested but the minor version is not supported by this service. The supported version range is: ${range}.`);
  }
  response.locals.microversion = version;
  next();
}

export function versionOf(response: Response): Microversion {
  return (response.locals.microversion as Microversion | undefined) ?? { ...MIN_VERSION };
}

export function atLeast(response: Response, minor: number): boolean {
  return compareVersions(versionOf(response), { major: 1, minor }) >= 0;
}

/** Magnum's api_version decorator: an API that the requested version does not have is 406. */
export function requireVersion(response: Response, minor: number, api: string, maxMinor?: number): void {
  const version = versionOf(response);
  const tooOld = compareVersions(version, { major: 1, minor }) < 0;
  const tooNew = maxMinor !== undefined && compareVersions(version, { major: 1, minor: maxMinor }) > 0;
  if (tooOld || tooNew) {
    throw new RestError(406, `Version ${describeVersion(version)} was requested but the requested API ${api} is not supported for this version.`, { code: "", title: "Not Acceptable" });
  }
}
