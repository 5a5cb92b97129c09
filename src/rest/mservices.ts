// /v1/mservices: the process that does the conductor's work (the reconciler), as Magnum lists its conductors; admins only, as in Magnum.
import { Router, type Request, type Response } from "express";
import type { RestServices } from "./context.js";
import { contextOf } from "./context.js";
import { RestError } from "./errors.js";
import { timestamp } from "./views.js";

export function mserviceRoutes(services: RestServices): Router {
  const router = Router();
  router.get("/mservices", (_request: Request, response: Response) => {
    if (!contextOf(response).principal.isGlobalAdmin) throw new RestError(403, "Policy doesn't allow magnum-service:get_all to be performed.");
    const now = new Date();
    response.json({
      mservices: [{ id: 1, host: services.workerId, binary: "magnum-conductor", state: "up", report_count: Math.floor((now.getTime() - services.startedAt.getTime()) / 10_000), disabled: false, disabled_reason: null, created_at: timestamp(services.startedAt), updated_at: timestamp(now) }],
    });
  });
  // Federations (Magnum's experimental multi-cluster API) are not part of Turnkey: every call is refused the same way.
  router.all(["/federations", "/federations/*rest"], () => {
    throw new RestError(501, "Federations are not supported by this service (Turnkey): manage each cluster on its own.");
  });
  return router;
}
