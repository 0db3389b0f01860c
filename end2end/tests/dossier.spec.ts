import { expect, test, type Locator, type Page } from "@playwright/test";
import { coach, linkFromOutbox, openTab, ready, signIn } from "./demo";

/** Opens a disclosure unless it is open already (with JavaScript it stays open after a save). */
async function open(details: Locator) {
  if ((await details.getAttribute("open")) === null) {
    await details.locator("summary").click();
  }
}

function disclosure(region: Locator, summary: string): Locator {
  return region.locator("details").filter({ has: region.page().locator("summary", { hasText: summary }) });
}

const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

async function writeReport(page: Page, javaScriptEnabled: boolean, text: string, readers: string) {
  await openTab(page, javaScriptEnabled, "Rapportages");
  const reports = page.getByRole("region", { name: "Rapportages" });
  const form = disclosure(reports, "Nieuwe rapportage");
  await open(form);
  await form.getByLabel("Verslag").fill(text);
  await form.getByLabel("Wie mag dit lezen?").selectOption({ label: readers });
  await form.getByRole("button", { name: "Rapportage opslaan" }).click();
  await expect(reports.getByRole("listitem").filter({ hasText: text.replace(/\*\*/g, "") })).toBeVisible();
}

for (const [device, viewport] of [
  ["tablet", { width: 1024, height: 768 }],
  ["phone", { width: 390, height: 844 }],
] as const) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });

    test("a coach keeps a dossier and the client sees exactly what was shared", async ({ page, browser, javaScriptEnabled }) => {
      const tag = `${device}-${javaScriptEnabled ? "js" : "nojs"}`;
      const name = `Femke Fontein ${tag}`;
      const email = `femke.${tag}@example.test`;
      await signIn(page, javaScriptEnabled, coach);
      await page.goto("/clients/new");
      await ready(page, javaScriptEnabled);
      await page.getByLabel("Naam").fill(name);
      await page.getByLabel("E-mailadres").fill(email);
      await page.getByRole("button", { name: "Cliënt aanmaken" }).click();
      await page.waitForURL(/\/clients\/\d+$/);
      const dossier = page.url();
      // A new dossier opens at its overview, which says there is nothing yet.
      await ready(page, javaScriptEnabled);
      await expect(page.getByRole("region", { name: "Lopend traject" })).toContainText("Er loopt nu geen traject.");

      // A trajectory with two goals.
      await openTab(page, javaScriptEnabled, "Trajecten");
      const trajectories = page.getByRole("region", { name: "Trajecten" });
      await trajectories.getByText("Nieuw traject").click();
      await trajectories.getByLabel("Titel").fill(`Koers ${tag}`);
      await trajectories.getByLabel("Doelen (één per regel)").fill("Weten wat ik wil\nSolliciteren met vertrouwen");
      await trajectories.getByRole("button", { name: "Traject aanmaken" }).click();
      await expect(trajectories.getByRole("list", { name: "Doelen" })).toContainText("Solliciteren met vertrouwen");

      // One report for the client too, one for the coach alone.
      await writeReport(page, javaScriptEnabled, `Gedeeld verslag ${tag}: **sterke punten** benoemd.`, "Ook de cliënt zelf");
      await writeReport(page, javaScriptEnabled, `Privé notitie ${tag}`, "Alleen ik");
      const reports = page.getByRole("region", { name: "Rapportages" });
      const shared = reports.getByRole("listitem").filter({ hasText: `Gedeeld verslag ${tag}` });
      await expect(shared.locator("strong")).toHaveText("sterke punten");

      // Locked for good: no way to edit it in the page any more; an amendment goes beneath.
      await ready(page, javaScriptEnabled);
      await shared.getByLabel("Ik begrijp dat vergrendelen definitief is").check();
      await shared.getByRole("button", { name: "Vergrendelen" }).click();
      await expect(shared.getByText(/Vergrendeld op/)).toBeVisible();
      await expect(shared.getByText("Bewerken")).toHaveCount(0);
      await expect(shared.getByRole("button", { name: "Verwijderen" })).toHaveCount(0);
      await ready(page, javaScriptEnabled);
      await shared.getByLabel("Aanvulling of correctie").fill(`Aanvulling ${tag}: ook netwerk.`);
      await shared.getByRole("button", { name: "Aanvulling toevoegen" }).click();
      await expect(shared.getByRole("list", { name: "Aanvullingen" })).toContainText(`Aanvulling ${tag}: ook netwerk.`);

      // An appointment.
      await openTab(page, javaScriptEnabled, "Agenda");
      const agenda = page.getByRole("region", { name: "Agenda" });
      const booking = disclosure(agenda, "Nieuwe afspraak");
      await open(booking);
      await booking.getByLabel("Onderwerp").fill(`Intakegesprek ${tag}`);
      await booking.getByLabel("Begint").fill("2030-03-04T10:00");
      await booking.getByLabel("Eindigt").fill("2030-03-04T09:00");
      await booking.getByRole("button", { name: "Afspraak maken" }).click();
      await expect(booking.getByText("Het einde moet na het begin liggen")).toBeVisible();
      await ready(page, javaScriptEnabled);
      await open(booking);
      await booking.getByLabel("Onderwerp").fill(`Intakegesprek ${tag}`);
      await booking.getByLabel("Begint").fill("2030-03-04T10:00");
      await booking.getByLabel("Eindigt").fill("2030-03-04T11:00");
      await booking.getByLabel("Plaats of online link").fill("Praktijk, kamer 2");
      await booking.getByRole("button", { name: "Afspraak maken" }).click();
      await expect(agenda.getByRole("listitem").filter({ hasText: `Intakegesprek ${tag}` })).toContainText("2030-03-04 10:00–11:00");

      // 45 minutes.
      await openTab(page, javaScriptEnabled, "Tijdregistratie");
      const time = page.getByRole("region", { name: "Tijdregistratie" });
      await time.getByLabel("Minuten").fill("45");
      await time.getByLabel("Activiteit").selectOption({ label: "Gesprek" });
      await time.getByRole("button", { name: "Tijd vastleggen" }).click();
      await expect(time.getByRole("table", { name: "Per maand" })).toContainText("0:45");

      // A PDF: an empty file is refused next to the field, the real one is kept and shared.
      await openTab(page, javaScriptEnabled, "Documenten");
      const documents = page.getByRole("region", { name: "Documenten" });
      await documents.getByLabel("Document toevoegen").setInputFiles({ name: "leeg.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(0) });
      await documents.getByRole("button", { name: "Uploaden" }).click();
      await expect(page.locator("#document-file-error")).toHaveText("Dit bestand is leeg. Kies een ander bestand.");
      await ready(page, javaScriptEnabled);
      await documents.getByLabel("Document toevoegen").setInputFiles({ name: `intake-${tag}.pdf`, mimeType: "application/pdf", buffer: pdf });
      await documents.getByRole("button", { name: "Uploaden" }).click();
      await expect(page).toHaveURL(/upload=done/);
      const file = documents.getByRole("listitem").filter({ hasText: `intake-${tag}.pdf` });
      await ready(page, javaScriptEnabled);
      await file.getByRole("button", { name: "Delen met cliënt" }).click();
      await expect(file).toContainText("gedeeld met de cliënt");

      // The overview brings it together: the trajectory under way (once started), the next
      // appointment and the recent activity.
      await page.goto(dossier);
      await ready(page, javaScriptEnabled);
      const timeline = page.getByRole("region", { name: "Recente activiteit" });
      await expect(timeline).toContainText(`intake-${tag}.pdf`);
      await expect(timeline).toContainText("45 min");
      await expect(page.getByRole("region", { name: "Volgende afspraak" })).toContainText(`Intakegesprek ${tag}`);

      // The client joins and sees the shared report, the appointment and the document only.
      await openTab(page, javaScriptEnabled, "Gegevens");
      await page.getByRole("button", { name: "Uitnodigen voor Koers" }).click();
      await expect(page.getByText("De uitnodiging is verstuurd en wacht op de cliënt.")).toBeVisible();
      const link = await linkFromOutbox(browser, javaScriptEnabled, email, "invite");
      const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport });
      const client = await context.newPage();
      await client.goto(link);
      await ready(client, javaScriptEnabled);
      await client.getByLabel("Kies een wachtwoord").fill("Wolkenkrabber-Tulp-Sloot-58");
      await client.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
      await client.getByRole("button", { name: "Account aanmaken" }).click();
      await client.waitForURL(/\/my$/);
      const notes = client.getByRole("region", { name: "Verslagen van je begeleider" });
      await expect(notes).toContainText(`Gedeeld verslag ${tag}: sterke punten benoemd.`);
      await expect(notes).toContainText(`Aanvulling ${tag}: ook netwerk.`);
      await expect(notes.getByRole("listitem").filter({ hasText: "Gedeeld verslag" })).toHaveCount(1);
      const appointments = client.getByRole("region", { name: "Mijn afspraken" });
      await expect(appointments).toContainText(`Intakegesprek ${tag}`);
      await expect(appointments).toContainText("2030-03-04 10:00–11:00");
      await expect(client.getByRole("region", { name: "Mijn documenten" }).getByRole("link", { name: `intake-${tag}.pdf` })).toBeVisible();
      const everything = await client.locator("main").innerText();
      expect(everything).not.toContain("Privé notitie");
      // The 45 logged minutes, as the coach sees them ("45 min", month total "0:45"); a bare
      // "45" also matched the time of an amendment written at a quarter to the hour.
      expect(everything).not.toContain("45 min");
      expect(everything).not.toMatch(/(?<![\d:])0:45/);
      expect(everything).not.toContain("Tijdregistratie");
      await context.close();
    });
  });
}

test.describe("the coach's agenda and time", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("week and list views, a private feed that can be revoked, totals per client", async ({ page, javaScriptEnabled }) => {
    await signIn(page, javaScriptEnabled, coach);
    await page.getByRole("navigation").getByRole("link", { name: "Agenda" }).click();
    await expect(page.getByRole("heading", { name: "Agenda", level: 1 })).toBeVisible();
    // The demo has an appointment a week from today.
    await page.getByRole("link", { name: "Volgende week" }).click();
    await expect(page.getByRole("list").getByRole("link", { name: /Tweede gesprek/ })).toBeVisible();
    await page.getByRole("link", { name: "Lijst" }).click();
    await expect(page).toHaveURL(/view=list/);
    await expect(page.getByRole("listitem").filter({ hasText: "Tweede gesprek" })).toContainText("Carla Cliënt");

    await ready(page, javaScriptEnabled);
    await page.getByRole("button", { name: "Agenda-adres maken" }).click();
    const address = page.getByRole("textbox", { name: "Agenda-adres" });
    await expect(address).toHaveValue(/\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const url = new URL(await address.inputValue());
    const feed = await page.request.get(url.pathname);
    expect(feed.status()).toBe(200);
    const calendar = await feed.text();
    expect(calendar).toContain("SUMMARY:Tweede gesprek");
    expect(calendar).not.toContain("Carla");

    // Shown once: after a reload only the fact that it exists.
    await page.reload();
    await ready(page, javaScriptEnabled);
    await expect(page.getByText(/Er is een agenda-adres actief sinds/)).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Agenda-adres" })).toHaveCount(0);
    await page.getByRole("button", { name: "Adres intrekken" }).click();
    await expect(page.getByText("Je hebt geen agenda-adres.")).toBeVisible();
    expect((await page.request.get(url.pathname)).status()).toBe(404);

    await page.getByRole("navigation").getByRole("link", { name: "Tijd" }).click();
    const clients = page.getByRole("region", { name: "Per cliënt" });
    await expect(clients.getByRole("listitem").filter({ hasText: "Carla Cliënt" }).getByRole("table", { name: "Per maand" })).toContainText("1:00");
  });
});
