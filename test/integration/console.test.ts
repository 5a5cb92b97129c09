// The web console in a real browser (Debian's headless Chromium driven by playwright-core): sign in with a token,
// create a cluster, and watch it reach CREATE_COMPLETE live, without a reload; GraphiQL loads with no CDN.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterTemplateCreateDocument } from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { FAST } from "../support/lifecycle.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";

const root = path.resolve(import.meta.dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT = path.join(root, "test-artifacts", "console.png");

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)("web console in Chromium", () => {
  let api: TestServer;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    // The console's assets, as the build makes them (esbuild, about a second).
    execFileSync(process.execPath, [path.join(root, "scripts", "build-console.mjs")], { cwd: root, stdio: "inherit" });
    // Slow enough that the browser sees the create in progress before it completes.
    api = await startTestServer(DATABASES[0]!, { ...FAST, TURNKEY_SIM_SPEED: "60" });
    origin = new URL(api.url).origin;
    const created = await api.query(ClusterTemplateCreateDocument, { input: { name: "k8s", coe: "KUBERNETES", imageId: "fedora-coreos-38" } });
    expect(created.clusterTemplateCreate.userErrors).toEqual([]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it("signs in, creates a cluster and shows it reach CREATE_COMPLETE without a reload", { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith("blob:") && !request.url().startsWith("data:")) outside.push(request.url());
    });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    // Hash routes (#/clusters/…) are not loads: one load means the page was never reloaded.
    let loads = 0;
    page.on("load", () => (loads += 1));

    await page.goto(`${origin}/`);
    await page.getByTestId("token").fill("not-a-token-at-all");
    await page.getByTestId("sign-in").click();
    await expect.poll(() => page.getByTestId("sign-in-error").textContent(), { timeout: 20_000 }).toMatch(/not valid/);

    await page.getByTestId("token").fill(ADMIN_TOKEN);
    await page.getByTestId("sign-in").click();
    await page.getByTestId("create-name").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("live").textContent(), { timeout: 20_000 }).toBe("live");
    await page.getByTestId("create-name").fill("browser-demo");
    await page.getByTestId("create-nodes").fill("2");
    await page.getByTestId("create").click();

    const status = page.getByTestId("status-browser-demo");
    await status.waitFor({ timeout: 20_000 });
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await status.textContent()) ?? "");
          return [...seen];
        },
        { timeout: 90_000, interval: 100 },
      )
      .toContain("CREATE_COMPLETE");
    expect([...seen]).toContain("CREATE_IN_PROGRESS");

    // The cluster's page: stages as a timeline, node groups, operations and events, from the public API.
    await page.getByRole("link", { name: "browser-demo" }).click();
    await expect.poll(() => page.getByTestId("cluster-status").textContent(), { timeout: 20_000 }).toBe("CREATE_COMPLETE");
    await expect.poll(() => page.getByTestId("stages").locator("li.done").count(), { timeout: 20_000 }).toBeGreaterThan(3);
    await expect.poll(() => page.getByTestId("events").locator("tr").count(), { timeout: 20_000 }).toBeGreaterThan(3);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    expect(loads).toBe(1);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("serves GraphiQL locally and sends browsers that open /graphql to it", { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on("request", (request) => void (!request.url().startsWith(origin) && !request.url().startsWith("data:") && outside.push(request.url())));
    await page.goto(`${origin}/graphql`);
    expect(new URL(page.url()).pathname).toBe("/graphiql");
    await page.locator(".graphiql-container").waitFor({ timeout: 30_000 });
    expect(outside).toEqual([]);
    await page.close();
  });
});
