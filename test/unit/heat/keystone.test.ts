// The Keystone client's pure parts, and its HTTP retries against a local server that fails on purpose.

import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findEndpoint } from "../../../src/openstack/catalog.js";
import { OpenStackError, OpenStackUnavailableError, backoffDelay, isRetryable, requestJson, serviceMessage } from "../../../src/openstack/http.js";
import { authRequestBody, describeAuth, needsRenewal } from "../../../src/openstack/keystone-session.js";

const CATALOG = [
  {
    type: "identity",
    endpoints: [{ interface: "public", region_id: "RegionOne", url: "http://127.0.0.1:5000/v3/" }],
  },
  {
    type: "orchestration",
    endpoints: [
      { interface: "public", region_id: "RegionOne", url: "http://heat.one:8004/v1/%(tenant_id)s" },
      { interface: "internal", region_id: "RegionOne", url: "http://heat.internal:8004/v1/%(project_id)s/" },
      { interface: "public", region_id: "RegionTwo", url: "http://heat.two:8004/v1/p-1" },
    ],
  },
];

describe("findEndpoint", () => {
  it.each([
    ["public", null, "http://heat.one:8004/v1/p-1"],
    ["public", "RegionTwo", "http://heat.two:8004/v1/p-1"],
    ["internal", "RegionOne", "http://heat.internal:8004/v1/p-1"],
  ] as const)("finds the %s orchestration endpoint in %s", (endpointInterface, region, url) => {
    expect(findEndpoint(CATALOG, { type: "orchestration", interface: endpointInterface, region, projectId: "p-1" })).toEqual({ url });
  });

  it("says what the catalog has when the endpoint is missing", () => {
    expect(findEndpoint(CATALOG, { type: "orchestration", interface: "admin", region: "RegionOne", projectId: null })).toEqual({
      missing:
        "Keystone's catalog has no admin orchestration endpoint in region RegionOne (it has public@RegionOne, internal@RegionOne, public@RegionTwo)",
    });
    expect(findEndpoint(CATALOG, { type: "container-infra", interface: "public", region: null, projectId: null })).toEqual({
      missing: "Keystone's catalog has no public container-infra endpoint (it lists identity, orchestration)",
    });
  });
});

describe("authRequestBody", () => {
  it("asks for a project-scoped token by password", () => {
    expect(
      authRequestBody({ method: "password", userName: "demo", password: "pw", scope: { projectName: "demo" } }),
    ).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { password: "pw", name: "demo", domain: { name: "Default" } } } },
        scope: { project: { name: "demo", domain: { name: "Default" } } },
      },
    });
  });

  it("asks for a trust-scoped token as the trustee", () => {
    expect(authRequestBody({ method: "password", userId: "u", password: "pw", scope: { trustId: "t" } })).toEqual({
      auth: {
        identity: { methods: ["password"], password: { user: { password: "pw", id: "u" } } },
        scope: { "OS-TRUST:trust": { id: "t" } },
      },
    });
  });

  it("asks for a domain-scoped token for the trustee domain admin", () => {
    const body = authRequestBody({
      method: "password",
      userName: "admin",
      userDomainId: "d-1",
      password: "pw",
      scope: { domainId: "d-1" },
    }) as { auth: { scope: unknown } };
    expect(body.auth.scope).toEqual({ domain: { id: "d-1" } });
  });

  it("sends an application credential without a scope", () => {
    expect(authRequestBody({ method: "applicationCredential", id: "c", secret: "s" })).toEqual({
      auth: { identity: { methods: ["application_credential"], application_credential: { id: "c", secret: "s" } } },
    });
    expect(describeAuth({ method: "applicationCredential", id: "c", secret: "s" })).toBe("application credential c");
  });
});

describe("needsRenewal", () => {
  const hour = 3_600_000;
  const token = { issuedAt: 0, expiresAt: hour };
  it.each([
    [0, 300_000, false],
    [hour - 300_001, 300_000, false],
    [hour - 300_000, 300_000, true],
    // A short token renews at half its life rather than at once.
    [hour / 2 - 1, 2 * hour, false],
    [hour / 2, 2 * hour, true],
  ])("at %i ms with a %i ms margin: %s", (now, margin, renew) => {
    expect(needsRenewal(token, now, margin)).toBe(renew);
  });
});

describe("backoffDelay", () => {
  const policy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 4000 };
  it.each([
    [1, 0, 125],
    [1, 1, 250],
    [2, 1, 500],
    [4, 0.5, 1500],
    [6, 1, 4000],
  ])("after try %i (random %d) waits %i ms", (attempt, random, delay) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(delay);
  });
});

describe("serviceMessage", () => {
  it.each([
    [{ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } }, "The request you have made requires authentication."],
    [
      { explanation: "The resource could not be found.", error: { message: "The Stack (x) could not be found.", type: "EntityNotFound" } },
      "The Stack (x) could not be found.",
    ],
    [{ explanation: "Only this." }, "Only this."],
    ["<html><body><h1>502 Bad Gateway</h1></body></html>", "502 Bad Gateway"],
    [null, ""],
  ])("reads %j", (body, message) => {
    expect(serviceMessage(body)).toBe(message);
  });
});

describe("requestJson against a service that fails", () => {
  let server: Server;
  let base: string;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? "";
      const count = (hits.get(path) ?? 0) + 1;
      hits.set(path, count);
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (path === "/flaky" && count < 3) return reply(503, { error: { message: "engine busy" } });
      if (path === "/down") return reply(503, { explanation: "Heat is restarting" });
      if (path === "/bad") return reply(400, { error: { message: "Property error: count" } });
      return reply(200, { ok: count });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const retry = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

  it("retries 5xx with backoff until the service answers", async () => {
    let outages = 0;
    const response = await requestJson({ service: "Heat", method: "GET", url: `${base}/flaky`, retry, onOutage: () => outages++ });
    expect(response).toMatchObject({ status: 200, body: { ok: 3 } });
    expect(outages).toBe(2);
  });

  it("gives up with the HTTP status and the service's message", async () => {
    const error = await requestJson({ service: "Heat", method: "GET", url: `${base}/down`, retry }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenStackUnavailableError);
    expect(error).not.toBeInstanceOf(OpenStackError); // not a DriverError: the reconciler retries it
    expect(error).toMatchObject({
      failure: "unavailable",
      status: 503,
      reason: "Heat answered 503 Service Unavailable: Heat is restarting (after 3 tries)",
    });
    expect(isRetryable(error)).toBe(true);
  });

  it("does not retry a request the service refused", async () => {
    const error = await requestJson({ service: "Heat", method: "POST", url: `${base}/bad`, json: {}, retry }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenStackError);
    expect(error).toMatchObject({ failure: "rejected", status: 400, reason: "Heat answered 400 Bad Request: Property error: count", code: "INVALID_REQUEST" });
    expect(hits.get("/bad")).toBe(1);
    expect(isRetryable(error)).toBe(false);
  });

  it("hands back the statuses the caller accepts", async () => {
    const response = await requestJson({ service: "Heat", method: "GET", url: `${base}/bad`, accept: [400], retry });
    expect(response.status).toBe(400);
  });

  it("names the service and the cause when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await requestJson({ service: "Keystone", method: "GET", url: `http://127.0.0.1:${port}/v3`, retry }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      failure: "unavailable",
      status: null,
      reason: `Keystone at http://127.0.0.1:${port} is unreachable: ECONNREFUSED (after 3 tries)`,
    });
  });
});
