import { expect, test } from "@playwright/test";
import { coach, openTab, owner, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

/** A day as the register writes it: "21 december 2026". */
function inDutch(date: Date): string {
  return new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", day: "numeric", month: "long", year: "numeric" }).format(date);
}

test("the owner records a privacy request, sees its deadlines and deals with it", async ({ page, javaScriptEnabled }) => {
  const person = `Anna Jansen ${javaScriptEnabled ? "js" : "nojs"}`;
  await signIn(page, javaScriptEnabled, owner);
  await page.goto("/security");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Privacyverzoeken bijhouden" }).click();
  await page.waitForURL(/\/privacy\/requests$/);
  await ready(page, javaScriptEnabled);

  // Nothing chosen: each field says what is missing.
  await page.getByRole("button", { name: "Verzoek vastleggen" }).click();
  await expect(page.locator("#request-kind-error")).toHaveText("Vul dit veld in.");
  await expect(page.locator("#request-person-error")).toHaveText("Vul dit veld in.");

  await ready(page, javaScriptEnabled);
  await page.getByLabel("Soort verzoek").selectOption({ label: "Inzage" });
  await page.getByLabel("Van wie").fill(person);
  await page.getByRole("button", { name: "Verzoek vastleggen" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Het verzoek staat in het register." })).toBeVisible();
  const request = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Inzage: ${person}` }) });
  const due = new Date(Date.now() + 14 * 24 * 3600 * 1000);
  await expect(request).toContainText(`Beantwoorden vóór: ${inDutch(due)}`);
  await expect(request).toContainText("Wettelijke termijn:");
  await expect(request).toContainText("Stand: Open");

  // Refusing needs a reason, next to the answer.
  await ready(page, javaScriptEnabled);
  await request.getByLabel("Uitkomst").selectOption({ label: "Geweigerd" });
  await request.getByRole("button", { name: /^Afhandelen/ }).click();
  await expect(request.getByText("Vul dit veld in.")).toBeVisible();
  await ready(page, javaScriptEnabled);
  await request.getByLabel("Uitkomst").selectOption({ label: "Uitgevoerd" });
  await request.getByLabel("Wat is er gedaan").fill("Kopie van het dossier per beveiligde mail gestuurd.");
  await request.getByRole("button", { name: /^Afhandelen/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Het verzoek is afgehandeld." })).toBeVisible();
  await expect(request).toContainText("Stand: Uitgevoerd");
  await expect(request).toContainText("Kopie van het dossier per beveiligde mail gestuurd.");
  await expect(request).toContainText(`Afgehandeld op: ${inDutch(new Date())}`);
});

test("a dossier restricted at the client's request reads but refuses changes until lifted", async ({ page, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  await signIn(page, javaScriptEnabled, coach);
  await page.goto("/clients/new");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam").fill(`Rik Rust ${tag}`);
  await page.getByRole("button", { name: "Cliënt aanmaken" }).click();
  await page.waitForURL(/\/clients\/\d+$/);
  await openTab(page, javaScriptEnabled, "Gegevens");
  await page.getByRole("button", { name: "Verwerking beperken" }).click();
  const banner = page.getByRole("note").filter({ hasText: "De verwerking van dit dossier is beperkt" });
  await expect(banner).toBeVisible();

  // A report cannot be added while it is restricted; the reason is shown.
  await openTab(page, javaScriptEnabled, "Rapportages");
  const reports = page.getByRole("region", { name: "Rapportages" });
  await reports.getByText("Nieuwe rapportage").click();
  await reports.getByLabel("Verslag").fill("Tijdens de beperking");
  await reports.getByRole("button", { name: "Rapportage opslaan" }).click();
  await expect(page.getByText("er kan nu niets aan worden toegevoegd of gewijzigd")).toBeVisible();

  await openTab(page, javaScriptEnabled, "Gegevens");
  await page.getByRole("button", { name: "Beperking opheffen" }).click();
  await expect(page.getByRole("button", { name: "Verwerking beperken" })).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test("the owner exports a client's dossier and then erases the client for good", async ({ page, javaScriptEnabled }) => {
  const name = `Eva Wis ${javaScriptEnabled ? "js" : "nojs"}`;
  await signIn(page, javaScriptEnabled, owner);
  await page.goto("/clients/new");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam").fill(name);
  await page.getByRole("button", { name: "Cliënt aanmaken" }).click();
  await page.waitForURL(/\/clients\/\d+$/);
  await openTab(page, javaScriptEnabled, "Gegevens");

  // The export is a download of a ZIP, named after the client.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Alles over deze cliënt exporteren (ZIP)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^koers-eva-wis-(js|nojs)-\d{4}-\d{2}-\d{2}\.zip$/);

  // Another name than the client's erases nothing and says so by the field.
  const erase = page.getByRole("region", { name: "Cliënt volledig wissen" });
  await erase.getByLabel("Typ ter bevestiging de naam van de cliënt").fill("Iemand anders");
  await erase.getByRole("button", { name: "Definitief wissen" }).click();
  await expect(page.locator("#erase-confirm-error")).toHaveText(
    "Typ de naam van de cliënt precies zoals die bovenaan het dossier staat.",
  );
  await ready(page, javaScriptEnabled);
  await erase.getByLabel("Typ ter bevestiging de naam van de cliënt").fill(name);
  await erase.getByRole("button", { name: "Definitief wissen" }).click();
  await page.waitForURL(/\/clients\?erased=W-/);
  await expect(page.getByRole("status")).toContainText(/Het dossier is gewist\. Referentie: W-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByText(name)).toHaveCount(0);
});
