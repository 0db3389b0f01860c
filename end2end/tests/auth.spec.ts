import { expect, test } from "@playwright/test";
import { client, coach, ready, signIn } from "./demo";

test("the coach signs in, accepts the terms on first login, stays signed in and signs out", async ({
  page,
  javaScriptEnabled,
}) => {
  await page.goto("/login");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("E-mailadres").fill(coach.email);
  await page.getByLabel("Wachtwoord").fill(coach.password);
  await page.getByRole("button", { name: "Inloggen" }).click();

  // First login: the terms come before anything else, and every page leads back to them.
  await expect(page).toHaveURL(/\/consent$/);
  await expect(page.getByRole("heading", { name: "Gebruiksvoorwaarden en privacyverklaring" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/consent$/);
  await ready(page, javaScriptEnabled);

  // Submitting without ticking the box is refused with a message next to it.
  await page.getByRole("button", { name: "Akkoord en verder" }).click();
  await expect(page.getByText("Vink het vakje aan om akkoord te gaan.")).toBeVisible();
  await ready(page, javaScriptEnabled);

  await page.getByLabel("Ik ga akkoord met de gebruiksvoorwaarden en de privacyverklaring").check();
  await page.getByRole("button", { name: "Akkoord en verder" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welkom, ${coach.name}` })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Overzicht" })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welkom, ${coach.name}` })).toBeVisible();
  await ready(page, javaScriptEnabled);

  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect(page.getByText("Je bent uitgelogd.")).toBeVisible();

  // The session is gone on the server: the dashboard sends us to sign in again.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);
});

test("a wrong password shows a message and does not sign in", async ({ page, javaScriptEnabled }) => {
  await page.goto("/login");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("E-mailadres").fill(coach.email);
  await page.getByLabel("Wachtwoord").fill("dit-is-niet-het-wachtwoord");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.getByRole("alert")).toHaveText("Het e-mailadres of het wachtwoord klopt niet.");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);
});

test("an empty form gets a message next to each field", async ({ page, javaScriptEnabled }) => {
  await page.goto("/login");
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.locator("#email-error")).toHaveText("Vul dit veld in.");
  await expect(page.locator("#password-error")).toHaveText("Vul dit veld in.");
});

test("signing out on a shared tablet leaves no answers behind in the browser", async ({ page, javaScriptEnabled }) => {
  // Reading and writing localStorage needs the page's JavaScript; without it, the same
  // sign-out answers with Clear-Site-Data (server/tests/security.rs checks the header).
  test.skip(!javaScriptEnabled, "localStorage is only reachable with JavaScript");
  await signIn(page, javaScriptEnabled, client);
  await ready(page, javaScriptEnabled);
  await page.evaluate(() =>
    localStorage.setItem("koers-answers-999999", JSON.stringify({ q1: { values: ["Wat ik nog niet verstuurde"], seq: 1 } })),
  );
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("koers-answers-")));
  expect(left).toEqual([]);
});
