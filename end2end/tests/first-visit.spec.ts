import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { callApi, client as demoClient, coach, giveExercise, ready, signIn } from "./demo";

// A tablet on a practice's wifi or on 4G: 10 Mbit/s down, 40 ms each way.
const LINE = { offline: false, latency: 40, downloadThroughput: 10_000_000 / 8, uploadThroughput: 5_000_000 / 8 };
// What one page may make a browser download of code, brotli-compressed. The target is 350 KB
// for every page; these are today's figures (measured 2026-12-06: 368, 508, 508 and 575 KB,
// down from 491, 667, 667 and 796 KB before type-erased views and the dossier's tabs) as a
// ratchet, so that no page grows while the code is made smaller. Lower them as pages
// shrink. Raised once, on 2026-12-07, with two-step verification and the security event
// log: the main module went from 222 to 284 KB (brotli) and every page with it (421, 543,
// 543 and 607 KB), more than the new pages' own code explains; finding out why is open
// work (see ARCHITECTURE.md, Known limits). Lowered again on 2026-12-07 (measured 410, 533,
// 533 and 601 KB, main module 249 KB) with the network allow-list and the inactivity
// warning, with 1 KB to spare: two runs of the same build differed by 300 B. The dossier's
// limit rose by 1.8 KB on 2026-12-07 (measured 602.8 KB) for what the dossier now shows:
// the restriction of processing (banner and section) and the link to its access log, and
// by 10.2 KB on 2026-12-07 (measured 613.0 KB; the main module unchanged at 249 KB, the
// dossier's area 147.8 KB) for the data tab's export link and its erasure form, a form of
// its own server function, whose browser side (its input, its errors) is code of its own. The
// style sheet is no longer among these files: it comes inside the page (compressed with
// it, ~5 KB). It rose by 4 KB on 2026-12-07 (measured 616.9 KB) for the export to Excel
// on the clients page, whose list shares the dossier's area; moving the list into the
// practice's area would give it back. And by 2 KB on 2026-12-08 (measured 618.9 KB) for the
// same page's Word buttons, its owner's copy section and the dossier report link.
const FIRST_LOAD_LIMIT: Record<string, number> = {
  login: 411_000,
  my: 534_000,
  exercise: 534_000,
  dossier: 620_000,
};
// The one area chunk each page loads: a client's tablet never downloads a coach's pages.
const AREA: Record<string, string> = { login: "public_area", my: "client_area", exercise: "client_area", dossier: "dossier_area" };

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the code a page loads is what JavaScript runs");

type Visit = { bytes: number; files: string[]; hydratedMs: number; documentBytes: number };

/**
 * Opens `path` in a new browser context with an empty cache (signed in as `as` when given)
 * over the emulated line; counts the bytes of every file under /pkg as they came over the
 * wire, and the time from asking for the page until it is interactive.
 */
async function firstVisit(browser: Browser, path: string, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>): Promise<Visit> {
  const context = await browser.newContext({ locale: "nl-NL", storageState, serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", LINE);
  const files: string[] = [];
  const sizes: Promise<number>[] = [];
  let documentBytes: Promise<number> = Promise.resolve(0);
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.request().resourceType() === "document") {
      documentBytes = response.request().sizes().then((s) => s.responseBodySize);
      return;
    }
    if (!url.pathname.startsWith("/pkg/")) return;
    files.push(`${url.pathname} (${response.headers()["content-encoding"] ?? "identity"})`);
    sizes.push(response.request().sizes().then((s) => s.responseBodySize));
  });
  const started = Date.now();
  await page.goto(path);
  await ready(page, true);
  const hydratedMs = Date.now() - started;
  await page.waitForLoadState("networkidle");
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  const document = await documentBytes;
  await context.close();
  return { bytes, files, hydratedMs, documentBytes: document };
}

function report(path: string, visit: Visit) {
  console.log(
    `first visit ${path}: ${visit.bytes} B of code over the wire for ${visit.files.length} files ` +
      `(the page itself, with its style sheet: ${visit.documentBytes} B), ` +
      `interactive after ${visit.hydratedMs} ms at 10 Mbit/s, 40 ms\n  ${visit.files.join("\n  ")}`,
  );
}

test("a first visit loads only its own area's code, compressed, and no more than today", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The exercise page needs an exercise: the coach gives Carla one.
  const title = "Eerste bezoek";
  await signIn(page, true, coach);
  const exercise = await callApi(page, "/api/exercises/create", { title });
  await callApi(page, "/api/exercises/add_question", { id: exercise, kind: "short_text", prompt: "Waar sta je nu?" });
  const dossier = await giveExercise(page, true, title);
  const coachState = await page.context().storageState();

  const carlaContext = await browser.newContext({ locale: "nl-NL" });
  const carla = await carlaContext.newPage();
  await signIn(carla, true, demoClient);
  const link = carla.locator("[data-group=open]").getByRole("link", { name: new RegExp(title) });
  const exercisePage = new URL((await link.getAttribute("href"))!, carla.url()).pathname;
  const carlaState = await carlaContext.storageState();
  await carlaContext.close();

  const visits: [string, string, Visit][] = [
    ["login", "/login", await firstVisit(browser, "/login")],
    ["my", "/my", await firstVisit(browser, "/my", carlaState)],
    ["exercise", exercisePage, await firstVisit(browser, exercisePage, carlaState)],
    ["dossier", dossier, await firstVisit(browser, dossier, coachState)],
  ];
  for (const [, path, visit] of visits) report(path, visit);
  for (const [kind, path, visit] of visits) {
    // Every file came brotli-compressed, and the page's own chunk came with the main one.
    expect(visit.files.every((f) => f.endsWith("(br)")), `${path}: ${visit.files}`).toBe(true);
    const areas = visit.files.filter((f) => f.startsWith("/pkg/split_")).map((f) => f.replace(/^\/pkg\/split_([a-z]+_area)_.*$/, "$1"));
    expect(areas, `${path}: ${visit.files}`).toEqual([AREA[kind]]);
    expect(visit.bytes, `${path} downloads ${visit.bytes} B`).toBeLessThanOrEqual(FIRST_LOAD_LIMIT[kind]);
  }
});

test("files under /pkg are named by their content and kept by the browser for good", async ({ page, request }) => {
  await page.goto("/login");
  await ready(page, true);
  const hrefs = await page.locator("link[href^='/pkg/']").evaluateAll((links) => links.map((l) => l.getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(2);
  for (const href of hrefs) {
    expect(href).toMatch(/\.[A-Za-z0-9_-]{22}\.(wasm|js|css)$/);
    const response = await request.get(href, { headers: { "accept-encoding": "br" } });
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers()["content-encoding"]).toBe("br");
  }
  // A name that does not exist is not kept.
  const missing = await request.get("/pkg/koers.AAAAAAAAAAAAAAAAAAAAAA.wasm");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["cache-control"]).not.toContain("immutable");
});

test("when a page's chunk cannot be loaded the page stays a working server-rendered page", async ({ page }) => {
  // Every WASM chunk but the main one fails, as on a line that drops mid-load.
  await page.route(/\/pkg\/(?!koers\.).*\.wasm$/, (route) => route.abort("connectionreset"));
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Inloggen" })).toBeVisible();
  await page.getByLabel("E-mailadres").fill(demoClient.email);
  await page.getByLabel("Wachtwoord").fill(demoClient.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  // The form was posted the way it is without JavaScript, and the next page is there too.
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
