// Magnum's v1 REST API as a second face of the same server: versions, microversions, Keystone tokens, then one router per resource.
import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../logger.js";
import { certificateRoutes } from "./certificates.js";
import { clusterTemplateRoutes } from "./cluster-templates.js";
import { clusterRoutes } from "./clusters.js";
import { mserviceRoutes } from "./mservices.js";
import { nodeGroupRoutes } from "./nodegroups.js";
import { quotaRoutes } from "./quotas.js";
import { statsRoutes } from "./stats.js";
import { authenticate, type RestServices } from "./context.js";
import { RestError, restErrorHandler } from "./errors.js";
import { microversions } from "./microversions.js";
import { rootDocument, v1Document } from "./versions.js";

export type { RestServices } from "./context.js";

/** Resource collections Magnum serves under /v1; a request without the /v1 prefix is routed there, as Magnum's root controller does. */
const RESOURCES = ["clustertemplates", "clusters", "certificates", "quotas", "stats", "mservices", "federations", "bays", "baymodels"];

export function restRouter(services: RestServices, logger: Logger): Router {
  const v1 = Router();
  // Magnum's request id header, beside Turnkey's X-Request-Id (the same id).
  v1.use((request: Request, response: Response, next: NextFunction) => {
    response.setHeader("x-openstack-request-id", `req-${String(request.id)}`);
    next();
  });
  // The version document needs no token (Magnum's public routes: / and /v1).
  v1.get("/", microversions, (request, response) => {
    response.json(v1Document(request));
  });
  // The token first, as keystonemiddleware answers before Magnum reads the version.
  v1.use(authenticate(services));
  v1.use(microversions);
  v1.use(express.json({ limit: "1mb", type: () => true }));
  v1.use(clusterTemplateRoutes(), clusterRoutes(), nodeGroupRoutes(), certificateRoutes(), quotaRoutes(), statsRoutes(), mserviceRoutes(services));
  v1.use((request: Request, _response: Response, next: NextFunction) => next(new RestError(404, `The resource could not be found. (${request.method} ${request.originalUrl})`)));
  v1.use(restErrorHandler(logger));

  const root = Router();
  root.get("/", (request, response) => {
    response.json(rootDocument(request));
  });
  root.use((request: Request, _response: Response, next: NextFunction) => {
    if (RESOURCES.includes(request.path.split("/")[1] ?? "")) request.url = `/v1${request.url}`;
    next();
  });
  root.use("/v1", v1);
  return root;
}
