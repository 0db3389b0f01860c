import { expect, test } from "@playwright/test";
import { ready, signIn } from "./demo";

/** The owner of a practice that `.ci/e2e-server` made for this spec. */
function practice(tag: string, who: string) {
  return { email: `${who}.${tag}@praktijk.test`, password: "Stapsteen-Molen-Rivier-64" };
}

test("the owner limits Koers to the practice's network, is warned about their own address, and then sees why Koers refuses", async ({
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  await signIn(page, javaScriptEnabled, practice(tag, "netwerk"));
  await page.getByRole("navigation").getByRole("link", { name: "Beveiliging" }).click();
  const networks = page.getByRole("region", { name: "Toegestane netwerken" });
  await expect(networks.locator("#your-address")).toHaveText("127.0.0.1");
  const field = networks.getByLabel("Netwerken, één per regel");

  // A typing error is named by its line.
  await ready(page, javaScriptEnabled);
  await field.fill("192.0.2.0/24\nkantoor");
  await networks.getByRole("button", { name: "Netwerken opslaan" }).click();
  await expect(networks.locator("#networks-error")).toContainText("Regel 2 is geen IP-adres of netwerk");

  // A list without the owner's own address asks for a tick first.
  await ready(page, javaScriptEnabled);
  await field.fill("192.0.2.0/24  # kantoor");
  await networks.getByRole("button", { name: "Netwerken opslaan" }).click();
  await expect(networks.locator("#networks-error")).toContainText("Je eigen adres valt buiten deze lijst");
  await ready(page, javaScriptEnabled);
  if (javaScriptEnabled) {
    await expect(field).toHaveValue("192.0.2.0/24  # kantoor");
  } else {
    await field.fill("192.0.2.0/24  # kantoor");
  }
  await networks.getByLabel("Ik weet dat ik Koers na opslaan vanaf mijn huidige adres niet meer kan gebruiken").check();
  await networks.getByRole("button", { name: "Netwerken opslaan" }).click();

  // Saved: from here on, every page is the notice, with the address Koers sees.
  await page.waitForURL(/\/network$/);
  await expect(page.getByRole("heading", { name: "Geen toegang vanaf dit netwerk", level: 1 })).toBeVisible();
  await expect(page.locator("#network-address")).toHaveText("127.0.0.1");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/network$/);
  await ready(page, javaScriptEnabled);
  await page.getByRole("main").getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/login\?signed_out=1$/);
});

test("a minute before the inactivity limit Koers warns; staying signed in keeps the session, no answer ends it", async ({
  page,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, "the warning needs JavaScript; without it the server ends the session (server/tests/sessions.rs)");
  await page.clock.install();
  await signIn(page, javaScriptEnabled, practice("js", "inactief"));
  await ready(page, javaScriptEnabled);
  const warning = page.getByRole("alertdialog", { name: "Ben je er nog?" });
  await expect(warning).toBeHidden();

  // The practice keeps the installation's 30 minutes; the browser ends a minute early, so
  // it warns a minute before that.
  await page.clock.fastForward("27:30");
  await expect(warning).toBeHidden();
  await page.clock.fastForward("00:40");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/over \d+ seconden afgemeld/);
  await warning.getByRole("button", { name: "Ingelogd blijven" }).click();
  await expect(warning).toBeHidden();

  // Counted again from the click: the warning comes back only 28 minutes later.
  await page.clock.fastForward("27:30");
  await expect(warning).toBeHidden();
  await page.clock.fastForward("00:40");
  await expect(warning).toBeVisible();

  // Nobody answers: signed out, and the sign-in page says why.
  await page.clock.fastForward("01:00");
  await page.waitForURL(/\/login\?ended=idle$/);
  await expect(page.getByText("Je bent afgemeld omdat je een tijd niets in Koers hebt gedaan.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);
});
