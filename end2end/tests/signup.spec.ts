import { expect, test } from "@playwright/test";
import { operator, ready, signIn, signUp } from "./demo";

test("a practice starts a demo, cannot sign up twice, and the operator converts it", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const practice = {
    organization: `Praktijk De Linde ${tag}`,
    name: "Ilse de Vries",
    email: `ilse.${tag}@delinde.test`,
    password: "Zeeduin-Lantaarn-Kwast-58",
  };

  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Probeer Koers 14 dagen gratis" }).click();
  await expect(page).toHaveURL(/\/signup$/);

  // An empty form: a message next to each field.
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Demo starten" }).click();
  await expect(page.locator("#organization-error")).toHaveText("Vul dit veld in.");
  await expect(page.locator("#email-error")).toHaveText("Vul dit veld in.");
  await expect(page.locator("#agree-error")).toHaveText("Vink het vakje aan om akkoord te gaan.");

  await signUp(page, javaScriptEnabled, practice);
  await expect(page.getByRole("heading", { name: "Welkom, Ilse de Vries" })).toBeVisible();
  await expect(page.getByText(practice.organization).first()).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Je demo loopt tot en met" })).toBeVisible();

  // The same practice again: the name is taken, said next to its field; whether the
  // address has an account is never said (that goes to the address by mail).
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/login/);
  await page.goto("/signup");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam van je praktijk").fill(practice.organization.toUpperCase());
  await page.getByLabel("Je naam").fill("Iemand Anders");
  await page.getByLabel("Je e-mailadres").fill(practice.email);
  await page.getByLabel("Kies een wachtwoord").fill("Andere-Zin-Voor-Koers-12");
  await page.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
  await page.getByRole("button", { name: "Demo starten" }).click();
  await expect(page.locator("#organization-error")).toContainText("Er is al een organisatie met deze naam.");
  await expect(page.locator("#email-error")).toHaveText("");
  // Another name with the same address: the same answer as for any address.
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam van je praktijk").fill(`${practice.organization} Noord`);
  await page.getByLabel("Je naam").fill("Iemand Anders");
  await page.getByLabel("Je e-mailadres").fill(practice.email);
  await page.getByLabel("Kies een wachtwoord").fill("Andere-Zin-Voor-Koers-12");
  await page.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
  await page.getByRole("button", { name: "Demo starten" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kijk in je e-mail" })).toBeVisible();

  // The operator sees the demo and converts it to a Standard licence.
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const console = await context.newPage();
  await signIn(console, javaScriptEnabled, operator);
  const row = console.getByRole("row", { name: new RegExp(practice.organization) });
  await expect(row).toContainText("Demo tot en met");
  await row.getByRole("link", { name: practice.organization }).click();
  await expect(console.getByRole("heading", { name: practice.organization })).toBeVisible();
  await ready(console, javaScriptEnabled);
  await expect(console.getByLabel("Licentie", { exact: true })).toHaveValue("standard");
  await console.getByRole("button", { name: "Omzetten" }).click();
  await expect(console.getByRole("heading", { name: "Licentie wijzigen" })).toBeVisible();
  await console.getByRole("link", { name: "← Alle organisaties" }).click();
  await expect(console.getByRole("row", { name: new RegExp(practice.organization) })).toContainText("Standaard");
  await context.close();

  // The owner signs in again to a practice without an end date.
  await signIn(page, javaScriptEnabled, practice);
  await expect(page.getByRole("heading", { name: "Welkom, Ilse de Vries" })).toBeVisible();
  await expect(page.getByText("Je demo loopt tot en met")).toHaveCount(0);
});
