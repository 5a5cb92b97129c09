// Finding a service's URL in the catalog that comes with a Keystone token.

export interface CatalogEndpoint {
  interface: string;
  region_id?: string | null;
  region?: string | null;
  url: string;
}

export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

export type EndpointInterface = "public" | "internal" | "admin";

export interface EndpointQuery {
  /** Service type: "orchestration" for Heat. */
  type: string;
  interface: EndpointInterface;
  /** Null takes the first region that has the service. */
  region: string | null;
  /** Replaces %(tenant_id)s and %(project_id)s, which Keystone leaves in some catalogs. */
  projectId: string | null;
}

/** The endpoint's URL without a trailing slash, or why there is none (naming what the catalog has). */
export function findEndpoint(catalog: readonly CatalogEntry[], query: EndpointQuery): { url: string } | { missing: string } {
  const services = catalog.filter((entry) => entry.type === query.type);
  const endpoints = services.flatMap((entry) => entry.endpoints);
  const match = endpoints.find(
    (endpoint) =>
      endpoint.interface === query.interface &&
      (query.region === null || (endpoint.region_id ?? endpoint.region) === query.region),
  );
  if (match !== undefined) {
    let url = match.url.replace(/\/+$/, "");
    if (query.projectId !== null) url = url.replace(/%\((tenant_id|project_id)\)s/g, query.projectId);
    return { url };
  }
  const where = query.region === null ? "" : ` in region ${query.region}`;
  const have =
    services.length === 0
      ? `it lists ${catalog.map((entry) => entry.type).join(", ") || "no services"}`
      : `it has ${endpoints.map((endpoint) => `${endpoint.interface}@${endpoint.region_id ?? endpoint.region}`).join(", ")}`;
  return { missing: `Keystone's catalog has no ${query.interface} ${query.type} endpoint${where} (${have})` };
}
