// The version documents: `/` lists v1 with its microversion range, `/v1` links every resource (magnum/api/controllers/root.py, v1/__init__.py).
import type { Request } from "express";
import { describeVersion, MAX_VERSION, MIN_VERSION } from "./microversions.js";

/** The scheme and host the client used, as pecan's host_url. */
export function hostUrl(request: Request): string {
  return `${request.protocol}://${request.get("host") ?? "localhost"}`;
}

export function link(rel: string, base: string, resource: string, args: string, bookmark = false, type?: string) {
  const href = `${base}${bookmark ? "" : "/v1"}/${resource}${args.startsWith("?") ? args : `/${args}`}`;
  return type ? { href, rel, type } : { href, rel };
}

export function selfLinks(base: string, resource: string, id: string) {
  return [link("self", base, resource, id), link("bookmark", base, resource, id, true)];
}

export function rootDocument(request: Request) {
  const base = hostUrl(request);
  return {
    name: "OpenStack Magnum API",
    description: "Magnum is an OpenStack project which aims to provide container cluster management.",
    versions: [{ id: "v1", links: [link("self", base, "v1", "", true)], status: "CURRENT", max_version: describeVersion(MAX_VERSION), min_version: describeVersion(MIN_VERSION) }],
  };
}

export function v1Document(request: Request) {
  const base = hostUrl(request);
  const both = (resource: string, args = "") => [link("self", base, resource, args), link("bookmark", base, resource, args, true)];
  return {
    id: "v1",
    links: [link("self", base, "v1", "", true), link("describedby", "http://docs.openstack.org", "developer/magnum/dev", "api-spec-v1.html", true, "text/html")],
    media_types: [{ base: "application/json", type: "application/vnd.openstack.magnum.v1+json" }],
    clustertemplates: both("clustertemplates"),
    clusters: both("clusters"),
    quotas: both("quotas"),
    certificates: both("certificates"),
    mservices: both("mservices"),
    stats: both("stats"),
    federations: both("federations"),
    nodegroups: both("clusters/{cluster_id}", "nodegroups"),
  };
}
