import { expect, test } from "@playwright/test";
import { linkFromOutbox, ready, signIn, signUp } from "./demo";

function practice(tag: string, who: string) {
  return {
    organization: `Praktijk ${who} ${tag}`,
    name: "Sam Smit",
    email: `${who}.${tag}@praktijk.test`,
    password: "Zeeduin-Lantaarn-Kwast-58",
  };
}

test("a forgotten password is reset through a link that works once", async ({ browser, page, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const me = practice(tag, "vergeten");
  await signUp(page, javaScriptEnabled, me);

  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const visitor = await context.newPage();
  await visitor.goto("/login");
  await visitor.getByRole("link", { name: "Wachtwoord vergeten?" }).click();
  await ready(visitor, javaScriptEnabled);
  await visitor.getByLabel("E-mailadres").fill(me.email);
  await visitor.getByRole("button", { name: "Link sturen" }).click();
  await expect(visitor.getByText("Als dit adres bij een account hoort, is de link onderweg.")).toBeVisible();

  const link = await linkFromOutbox(browser, javaScriptEnabled, me.email, "reset");
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "Nieuw wachtwoord kiezen" })).toBeVisible();
  await expect(visitor.getByText(me.email)).toBeVisible();
  await ready(visitor, javaScriptEnabled);
  await visitor.getByLabel("Nieuw wachtwoord").fill("kort");
  await visitor.getByRole("button", { name: "Wachtwoord instellen" }).click();
  await expect(visitor.locator("#password-error")).toContainText("minstens 12 tekens");
  await visitor.getByLabel("Nieuw wachtwoord").fill("Heidebloem-Sluis-Kano-74");
  await visitor.getByRole("button", { name: "Wachtwoord instellen" }).click();
  await visitor.waitForURL(/\/login\?reset=1$/);
  await expect(visitor.getByText("Je nieuwe wachtwoord is ingesteld. Log ermee in.")).toBeVisible();
  await signIn(visitor, javaScriptEnabled, { email: me.email, password: "Heidebloem-Sluis-Kano-74" });
  await expect(visitor).toHaveURL(/\/dashboard$/);

  // The session that was open before the reset has ended.
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);

  // Opening the link again says clearly why it no longer works.
  await visitor.goto(link);
  await expect(visitor.getByText("Deze link is al gebruikt.", { exact: false })).toBeVisible();
  await expect(visitor.getByRole("link", { name: "Een nieuwe link aanvragen" })).toBeVisible();
  await context.close();
});

test("a new e-mail address counts once the link sent to it is opened", async ({ browser, page, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const me = practice(tag, "verhuisd");
  const newEmail = `nieuw.${tag}@praktijk.test`;
  await signUp(page, javaScriptEnabled, me);
  await page.getByRole("navigation").getByRole("link", { name: "Mijn account" }).click();
  await expect(page.getByRole("heading", { name: "Mijn account", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Waar je bent ingelogd" }).getByText("deze sessie")).toBeVisible();

  const email = page.getByRole("region", { name: "E-mailadres" });
  await ready(page, javaScriptEnabled);
  await email.getByLabel("Nieuw e-mailadres").fill(newEmail);
  await email.getByLabel("Huidig wachtwoord").fill("niet-mijn-wachtwoord");
  await email.getByRole("button", { name: "Bevestigingslink sturen" }).click();
  await expect(page.locator("#email_current_password-error")).toHaveText("Dit is niet je huidige wachtwoord.");

  await ready(page, javaScriptEnabled);
  await email.getByLabel("Nieuw e-mailadres").fill(newEmail);
  await email.getByLabel("Huidig wachtwoord").fill(me.password);
  await email.getByRole("button", { name: "Bevestigingslink sturen" }).click();
  await expect(page.getByText(`We hebben een bevestigingslink gestuurd naar ${newEmail}.`)).toBeVisible();

  const link = await linkFromOutbox(browser, javaScriptEnabled, newEmail, "account/email");
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const mailbox = await context.newPage();
  await mailbox.goto(link);
  await expect(mailbox.getByText(`Bevestig dat je voortaan ${newEmail} gebruikt`)).toBeVisible();
  await ready(mailbox, javaScriptEnabled);
  await mailbox.getByRole("button", { name: "Bevestigen" }).click();
  await expect(mailbox.getByText("Je e-mailadres is gewijzigd.", { exact: false })).toBeVisible();
  await context.close();

  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/login/);
  await signIn(page, javaScriptEnabled, { email: newEmail, password: me.password });
  await expect(page).toHaveURL(/\/dashboard$/);
});
