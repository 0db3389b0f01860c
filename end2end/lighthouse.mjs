// Lighthouse (mobile preset, Debian's Chromium) on the pages a client meets first: the
// landing page, sign-in, the client's home and an exercise. Prints performance (the median
// of three runs) and accessibility per page and exits non-zero below 95 performance or 100
// accessibility.
// Started by .ci/lighthouse, which runs the release server with demo data at `base`.
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

// As in playwright.config.ts (which Node cannot import without TypeScript): headless, and
// none of the background services that would try to reach Google from a closed network.
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const base = process.argv[2];
const coach = { email: "coach@demo.koers.test", password: "Lantaarn-Heide-Wolk-82" };
const client = { email: "client@demo.koers.test", password: "Vuurtoren-Klaproos-19" };

async function signIn(page, who) {
  await page.goto(`${base}/login`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("E-mailadres").fill(who.email);
  await page.getByLabel("Wachtwoord").fill(who.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (new URL(page.url()).pathname === "/consent") {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await page.getByLabel("Ik ga akkoord met de gebruiksvoorwaarden en de privacyverklaring").check();
    await page.getByRole("button", { name: "Akkoord en verder" }).click();
    await page.waitForURL((url) => url.pathname !== "/consent");
  }
}

async function api(page, path, form) {
  const response = await page.request.post(`${base}${path}`, { form, headers: { accept: "application/json" }, maxRedirects: 0 });
  const location = response.headers().location;
  if (location) return location.split("/").pop();
  if (response.status() !== 200) throw new Error(`${path}: ${response.status()}`);
  return response.text();
}

/** The coach gives Carla an exercise; returns her cookie and the exercise page's path. */
async function prepare() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  const page = await (await browser.newContext({ locale: "nl-NL" })).newPage();
  await signIn(page, coach);
  const title = "Lighthouse-oefening";
  const exercise = await api(page, "/api/exercises/create", { title });
  await api(page, "/api/exercises/add_question", { id: exercise, kind: "long_text", prompt: "Wat wil je bereiken?" });
  await page.goto(`${base}/clients`);
  await page.getByRole("link", { name: "Carla Cliënt" }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByRole("navigation", { name: "Onderdelen van het dossier" }).getByRole("link", { name: "Oefeningen" }).click();
  const section = page.getByRole("region", { name: "Oefeningen" });
  await section.getByText("Een oefening klaarzetten").click();
  await section.getByLabel("Oefening", { exact: true }).selectOption({ label: title });
  await section.getByRole("button", { name: "Klaarzetten voor de cliënt" }).click();
  await section.getByRole("listitem").filter({ hasText: title }).waitFor();

  const carla = await (await browser.newContext({ locale: "nl-NL" })).newPage();
  await signIn(carla, client);
  const href = await carla.locator("[data-group=open]").getByRole("link", { name: new RegExp(title) }).getAttribute("href");
  const cookie = (await carla.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await browser.close();
  return { cookie, exercise: new URL(href, base).pathname };
}

const { cookie, exercise } = await prepare();
const pages = [
  ["/", {}],
  ["/login", {}],
  ["/my", { Cookie: cookie }],
  [exercise, { Cookie: cookie }],
];

const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: chromiumArgs });
let failed = false;
// A simulated phone's score moves from run to run with what else this machine does, so each
// page is audited RUNS times and judged by its median run, as Lighthouse's own docs advise.
const RUNS = Number(process.env.KOERS_LIGHTHOUSE_RUNS ?? 3);
try {
  for (const [path, extraHeaders] of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(`${base}${path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders,
        locale: "nl",
      });
      runs.push(result.lhr);
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const { categories, audits } = runs[Math.floor(runs.length / 2)];
    const performance = Math.round(categories.performance.score * 100);
    const accessibility = Math.round(categories.accessibility.score * 100);
    const metric = (id) => audits[id]?.displayValue ?? "-";
    const all = runs.map((r) => Math.round(r.categories.performance.score * 100)).join("/");
    console.log(
      `${path.padEnd(22)} performance ${performance} (runs ${all})  accessibility ${accessibility}  ` +
        `(FCP ${metric("first-contentful-paint")}, LCP ${metric("largest-contentful-paint")}, ` +
        `TBT ${metric("total-blocking-time")}, CLS ${metric("cumulative-layout-shift")})`,
    );
    for (const audit of Object.values(audits)) {
      if (audit.score === 0 && categories.accessibility.auditRefs.some((r) => r.id === audit.id)) {
        console.log(`    accessibility: ${audit.id}: ${audit.title}`);
      }
    }
    if (performance < 95 || accessibility < 100) failed = true;
  }
} finally {
  chrome.kill();
}
process.exit(failed ? 1 : 0);
