import { expect, test } from "@playwright/test";
import { client as demoClient, coach, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

test("a client keeps a journal: private by default, one entry shared, the coach comments on it", async ({ page, browser, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  // A day of its own per project: both may run against one database, and a notice names it.
  const day = javaScriptEnabled ? "2030-01-03" : "2030-01-04";
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const carla = await context.newPage();
  await signIn(carla, javaScriptEnabled, demoClient);
  await carla.getByRole("link", { name: "Mijn dagboek" }).click();
  await carla.waitForURL(/\/my\/journal$/);
  await ready(carla, javaScriptEnabled);

  await carla.getByRole("button", { name: "Notitie bewaren" }).click();
  await expect(carla.locator("#journal-body-error")).toHaveText("Vul dit veld in.");
  await ready(carla, javaScriptEnabled);
  await carla.getByLabel("Datum", { exact: true }).first().fill("2030-01-02");
  await carla.getByLabel("Wat wil je opschrijven?").first().fill(`Veel gepiekerd vannacht ${tag}`);
  await carla.getByRole("button", { name: "Notitie bewaren" }).click();
  const privateEntry = carla.getByRole("listitem").filter({ hasText: `Veel gepiekerd vannacht ${tag}` });
  await expect(privateEntry).toContainText("Alleen voor mij");

  await ready(carla, javaScriptEnabled);
  await carla.getByLabel("Datum", { exact: true }).first().fill(day);
  await carla.getByLabel("Wat wil je opschrijven?").first().fill(`Het gesprek gaf rust ${tag}`);
  await carla.getByLabel("Deel deze notitie met mijn begeleider").check();
  await carla.getByRole("button", { name: "Notitie bewaren" }).click();
  const sharedEntry = carla.getByRole("listitem").filter({ hasText: `Het gesprek gaf rust ${tag}` });
  await expect(sharedEntry).toContainText("Gedeeld met mijn begeleider");

  // The coach is told on the dashboard, follows the notice, sees the shared entry only and
  // comments on it.
  await signIn(page, javaScriptEnabled, coach);
  await page.goto("/dashboard");
  await page
    .getByRole("region", { name: "Meldingen" })
    .getByRole("button", { name: `${demoClient.name} heeft een dagboekstuk van ${day} met je gedeeld.` })
    .click();
  await page.waitForURL(/\/clients\/\d+\?tab=journal#journal-entry-\d+$/);
  const journal = page.getByRole("region", { name: "Dagboek" });
  await expect(journal).toContainText(`Het gesprek gaf rust ${tag}`);
  await expect(journal).not.toContainText(`Veel gepiekerd vannacht ${tag}`);
  const entry = journal.getByRole("listitem").filter({ hasText: `Het gesprek gaf rust ${tag}` });
  await ready(page, javaScriptEnabled);
  await entry.getByLabel("Reageren").fill(`Mooi om te lezen ${tag}`);
  await entry.getByRole("button", { name: "Reactie plaatsen" }).click();
  await expect(journal.getByText(`Mooi om te lezen ${tag}`)).toBeVisible();

  // Carla is told on her home page and reads the comment; once she stops sharing, the coach
  // no longer sees the entry.
  await carla.goto("/my");
  await carla
    .getByRole("region", { name: "Meldingen" })
    .getByRole("button", { name: `Je begeleider heeft gereageerd op je dagboekstuk van ${day}.` })
    .click();
  await carla.waitForURL(/\/my\/journal#entry-\d+$/);
  await expect(sharedEntry.getByRole("list", { name: "Reacties van je begeleider" })).toContainText(`Mooi om te lezen ${tag}`);
  await ready(carla, javaScriptEnabled);
  await sharedEntry.getByRole("button", { name: "Niet meer delen" }).click();
  await expect(sharedEntry).toContainText("Alleen voor mij");
  await page.reload();
  await expect(page.getByRole("region", { name: "Dagboek" })).not.toContainText(`Het gesprek gaf rust ${tag}`);
  await context.close();
});
