import { chromium, expect, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumArgs } from "../playwright.config";
import { ready } from "./demo";

test("the language switch changes the page to English and back", async ({ page, javaScriptEnabled }) => {
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Koers: het online dossier voor coachingspraktijken",
  );

  await page.getByRole("link", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Koers: the online dossier for coaching practices");
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  // The choice sticks when moving on to another page.
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByRole("link", { name: "Schakel over naar Nederlands" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { name: "Inloggen" })).toBeVisible();
});

test("an unknown page shows the not-found page with status 404", async ({ page }) => {
  const response = await page.goto("/bestaat-niet");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Pagina niet gevonden" })).toBeVisible();
});

test("Chromium considers Koers installable", async ({ javaScriptEnabled, baseURL }) => {
  test.skip(!javaScriptEnabled, "a service worker needs JavaScript");
  // A persistent profile: Chromium never offers installation from an incognito-like context.
  const profile = mkdtempSync(join(tmpdir(), "koers-pwa-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: chromiumArgs,
  });
  try {
    const page = await context.newPage();
    await page.goto(baseURL + "/");
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(baseURL + "/");
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
