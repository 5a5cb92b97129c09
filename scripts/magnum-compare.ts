// Compares the HTTP shapes of real Magnum (the kit, --with-magnum) and Turnkey's REST face for the calls both can serve;
// prints every difference (status, headers, body keys and types). Run: npx tsx scripts/magnum-compare.ts (takes the kit's lock).
import got from "got";
import { DATABASES } from "../test/support/databases.js";
import { FAST } from "../test/support/lifecycle.js";
import { kitScript, lockKit, readKitEnvironment } from "../test/support/openstack-kit.js";
import { startTestServer } from "../test/support/server.js";

type Shape = string | { [key: string]: Shape } | Shape[];

/** The shape of a JSON value: object keys with their shapes, "null", "string", "number", "boolean". */
function shapeOf(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (typeof value === "object") return Object.fromEntries(Object.entries(value as object).map(([key, entry]) => [key, shapeOf(entry)]).sort(([left], [right]) => String(left).localeCompare(String(right))));
  return typeof value;
}

function differences(path: string, magnum: Shape, turnkey: Shape, out: string[]): void {
  if (typeof magnum === "string" || typeof turnkey === "string") {
    if (JSON.stringify(magnum) !== JSON.stringify(turnkey)) out.push(`${path}: Magnum ${JSON.stringify(magnum)}, Turnkey ${JSON.stringify(turnkey)}`);
    return;
  }
  if (Array.isArray(magnum) || Array.isArray(turnkey)) {
    if (!Array.isArray(magnum) || !Array.isArray(turnkey)) return void out.push(`${path}: Magnum ${JSON.stringify(magnum)}, Turnkey ${JSON.stringify(turnkey)}`);
    if (magnum[0] !== undefined && turnkey[0] !== undefined) differences(`${path}[]`, magnum[0], turnkey[0], out);
    return;
  }
  for (const key of new Set([...Object.keys(magnum), ...Object.keys(turnkey)])) {
    if (!(key in turnkey)) out.push(`${path}.${key}: only in Magnum (${JSON.stringify(magnum[key])})`);
    else if (!(key in magnum)) out.push(`${path}.${key}: only in Turnkey (${JSON.stringify(turnkey[key])})`);
    else differences(`${path}.${key}`, magnum[key]!, turnkey[key]!, out);
  }
}

const release = await lockKit(900_000);
try {
  await kitScript("start.sh", ["--with-magnum"]);
  const kit = readKitEnvironment()!;
  const api = await startTestServer(DATABASES[0]!, {
    ...FAST,
    TURNKEY_IDENTITY: "keystone",
    TURNKEY_KEYSTONE_URL: kit.OS_AUTH_URL!,
    TURNKEY_KEYSTONE_SERVICE_USER: kit.TURNKEY_OPENSTACK_SERVICE_USERNAME!,
    TURNKEY_KEYSTONE_SERVICE_PASSWORD: kit.TURNKEY_OPENSTACK_SERVICE_PASSWORD!,
    TURNKEY_KEYSTONE_SERVICE_PROJECT: kit.TURNKEY_OPENSTACK_SERVICE_PROJECT!,
  });
  const token = String(
    (
      await got.post(`${kit.OS_AUTH_URL}/auth/tokens`, {
        json: { auth: { identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: kit.TURNKEY_OPENSTACK_DEMO_PASSWORD } } }, scope: { project: { name: "demo", domain: { name: "Default" } } } } },
      })
    ).headers["x-subject-token"],
  );
  const faces = { magnum: `http://127.0.0.1:${kit.TURNKEY_OPENSTACK_MAGNUM_PORT}`, turnkey: api.url.replace(/\/graphql$/, "") };
  const image = kit.TURNKEY_OPENSTACK_MAGNUM_IMAGE ?? "fedora-coreos-38";
  const send = async (face: keyof typeof faces, method: string, path: string, body?: unknown, version = "container-infra latest") => {
    const response = await fetch(`${faces[face]}${path}`, { method, headers: { "x-auth-token": token, "content-type": "application/json", "openstack-api-version": version }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const headers = Object.fromEntries([...response.headers].filter(([name]) => /openstack|vary|content-type|location/i.test(name)));
    return { status: response.status, headers, body: text ? (JSON.parse(text) as unknown) : null };
  };
  // No flavor and no external network: the kit's Magnum would check them with Nova and Neutron, which it does not have.
  const templateBody = (name: string) => ({ name, coe: "kubernetes", image_id: image, labels: { kube_tag: "v1.30.4" }, tls_disabled: false, public: false, server_type: "vm", master_lb_enabled: true, registry_enabled: false });
  const calls: [string, string, unknown?, string?][] = [
    ["GET", "/"],
    ["GET", "/v1"],
    ["GET", "/v1/clustertemplates", undefined, "container-infra 1.11"],
    ["GET", "/v1/clustertemplates", undefined, "garbage"],
    ["POST", "/v1/clustertemplates", templateBody("cmp-template")],
    ["GET", "/v1/clustertemplates"],
    ["GET", "/v1/clustertemplates/cmp-template"],
    ["PATCH", "/v1/clustertemplates/cmp-template", [{ op: "replace", path: "/labels", value: "{'kube_tag': 'v1.31.0'}" }]],
    ["PATCH", "/v1/clustertemplates/cmp-template", [{ op: "remove", path: "/image_id" }]],
    ["GET", "/v1/clustertemplates/does-not-exist"],
    ["GET", "/v1/clusters"],
    ["GET", "/v1/clusters/detail"],
    ["GET", "/v1/stats"],
    ["GET", "/v1/quotas"],
    ["DELETE", "/v1/clustertemplates/cmp-template"],
  ];
  for (const [method, path, body, version] of calls) {
    const [magnum, turnkey] = [await send("magnum", method, path, body, version), await send("turnkey", method, path, body, version)];
    const out: string[] = [];
    if (magnum.status !== turnkey.status) out.push(`status: Magnum ${magnum.status}, Turnkey ${turnkey.status}`);
    differences("headers", shapeOf(Object.keys(magnum.headers).sort()), shapeOf(Object.keys(turnkey.headers).sort()), out);
    for (const name of new Set([...Object.keys(magnum.headers), ...Object.keys(turnkey.headers)])) {
      if (/openstack|vary|content-type/.test(name) && magnum.headers[name] !== turnkey.headers[name]) out.push(`header ${name}: Magnum ${JSON.stringify(magnum.headers[name])}, Turnkey ${JSON.stringify(turnkey.headers[name])}`);
    }
    differences("body", shapeOf(magnum.body), shapeOf(turnkey.body), out);
    console.log(`\n## ${method} ${path}${version ? ` (${version})` : ""}\n${out.length ? out.map((line) => `- ${line}`).join("\n") : "- same shape"}`);
    if (method === "GET" && /\/(stats|clustertemplates\/does-not-exist)$/.test(path)) console.log(`  Magnum: ${JSON.stringify(magnum.body)}\n  Turnkey: ${JSON.stringify(turnkey.body)}`);
    if (magnum.status >= 400) console.log(`  Magnum's error: ${JSON.stringify(magnum.body)}\n  Turnkey's error: ${JSON.stringify(turnkey.body)}`);
  }
  await api.close();
} finally {
  // Back to the kit the other suites expect (no Magnum); they start it again when they need it.
  await kitScript("stop.sh").catch(() => undefined);
  release();
}
