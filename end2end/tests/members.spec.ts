import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkFromOutbox, owner, ready, signIn } from "./demo";

async function inviteSomeone(page: Page, javaScriptEnabled: boolean, name: string, email: string, role: string) {
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam").fill(name);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Rol").selectOption(role);
  await page.getByRole("button", { name: "Uitnodiging versturen" }).click();
  await expect(page.getByRole("region", { name: "Openstaande uitnodigingen" }).getByText(email)).toBeVisible();
}

async function join(browser: Browser, javaScriptEnabled: boolean, link: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const page = await context.newPage();
  await page.goto(link);
  await ready(page, javaScriptEnabled);
  await expect(page.getByRole("heading", { name: "Welkom bij Koers" })).toBeVisible();
  await page.getByLabel("Kies een wachtwoord").fill("Wolkenkrabber-Tulp-Sloot-58");
  await page.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/invite"));
  return page;
}

test("the owner invites a coach and a client, who join; suspending the client ends their session", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const coachEmail = `nieuwe.coach.${tag}@demo.koers.test`;
  const clientEmail = `nieuwe.client.${tag}@demo.koers.test`;

  await signIn(page, javaScriptEnabled, owner);
  await page.getByRole("navigation").getByRole("link", { name: "Leden" }).click();
  await expect(page.getByRole("heading", { name: "Leden", level: 1 })).toBeVisible();
  await inviteSomeone(page, javaScriptEnabled, "Noor Nieuw", coachEmail, "coach");
  await inviteSomeone(page, javaScriptEnabled, "Cas Cliënt", clientEmail, "client");

  const coach = await join(browser, javaScriptEnabled, await linkFromOutbox(browser, javaScriptEnabled, coachEmail, "invite"));
  await expect(coach).toHaveURL(/\/dashboard$/);
  await expect(coach.getByRole("heading", { name: "Welkom, Noor Nieuw" })).toBeVisible();

  const client = await join(browser, javaScriptEnabled, await linkFromOutbox(browser, javaScriptEnabled, clientEmail, "invite"));
  await expect(client).toHaveURL(/\/my$/);
  await expect(client.getByRole("heading", { name: "Welkom, Cas Cliënt" })).toBeVisible();

  // Both are members now, and their invitations are closed.
  await page.reload();
  const members = page.getByRole("region", { name: "Leden" });
  await expect(members.getByText(coachEmail)).toBeVisible();
  await expect(members.getByText(clientEmail)).toBeVisible();
  await expect(page.getByRole("region", { name: "Openstaande uitnodigingen" }).getByText(clientEmail)).toHaveCount(0);

  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Blokkeren Cas Cliënt" }).click();
  await expect(members.getByRole("button", { name: "Deblokkeren Cas Cliënt" })).toBeVisible();

  // The client's open session stops at the next request.
  await client.reload();
  await expect(client).toHaveURL(/\/login$/);

  // The coaching ended: archiving frees the client's seat and keeps the member listed.
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Archiveren Cas Cliënt" }).click();
  await expect(members.getByRole("button", { name: "Terugzetten Cas Cliënt" })).toBeVisible();
  await expect(members.getByText(`${clientEmail} · Cliënt · Gearchiveerd`)).toBeVisible();

  // The link was single-use.
  const again = await browser.newPage();
  await again.goto((await linkFromOutbox(browser, javaScriptEnabled, clientEmail, "invite")));
  await expect(again.getByText("Deze link is al gebruikt. Log in met je e-mailadres en wachtwoord.")).toBeVisible();
});
