import { expect, test } from "@playwright/test";
import { client as demoClient, coach, openTab, owner, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

/** Today as the log writes it: "7 december 2026" (Dutch time). */
function today(): string {
  return new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", day: "numeric", month: "long", year: "numeric" }).format(new Date());
}

test("the client sees who opened their dossier and its reports, and when", async ({ page, browser, javaScriptEnabled }) => {
  // The coach opens Carla's dossier and reads her reports.
  await signIn(page, javaScriptEnabled, coach);
  await page.goto("/clients");
  await ready(page, javaScriptEnabled);
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  await openTab(page, javaScriptEnabled, "Rapportages");
  await expect(page.getByRole("region", { name: "Rapportages" })).toContainText("Kennismaking en intake");
  const dossierUrl = page.url();

  // Carla reads it on her own page.
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const carla = await context.newPage();
  await signIn(carla, javaScriptEnabled, demoClient);
  await carla.goto("/my");
  await ready(carla, javaScriptEnabled);
  await carla.getByRole("link", { name: "Wie heeft mijn dossier ingezien" }).click();
  await carla.waitForURL(/\/my\/access$/);
  await ready(carla, javaScriptEnabled);
  await expect(carla.getByRole("heading", { name: "Wie heeft mijn dossier ingezien" })).toBeVisible();
  const log = carla.getByTestId("access-log");
  const read = log.getByRole("row").filter({ hasText: "Rapportages: bekeken" }).first();
  await expect(read).toContainText(`${coach.name} (begeleider)`);
  await expect(read).toContainText(today());
  await expect(log.getByRole("row").filter({ hasText: "Gegevens: bekeken" }).first()).toContainText(coach.name);
  await context.close();

  // The owner finds the same in the practice's log, filtered to Carla's dossier, and the
  // responsible coach reaches it from the dossier.
  await openTab(page, javaScriptEnabled, "Gegevens");
  await page.getByRole("link", { name: "Wie heeft dit dossier ingezien" }).click();
  await page.waitForURL(/\/access-log\?dossier=\d+$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("access-log")).toContainText("Rapportages: bekeken");
  const dossierId = new URL(dossierUrl).pathname.split("/").pop();

  const ownerContext = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const eva = await ownerContext.newPage();
  await signIn(eva, javaScriptEnabled, owner);
  await eva.goto("/security");
  await ready(eva, javaScriptEnabled);
  await eva.getByRole("link", { name: "Inzage in dossiers bekijken" }).click();
  await eva.waitForURL(/\/access-log$/);
  await ready(eva, javaScriptEnabled);
  await eva.getByLabel("Dossier", { exact: true }).selectOption(dossierId!);
  await eva.getByLabel("Persoon").selectOption({ label: coach.name });
  await eva.getByRole("button", { name: "Zoeken" }).click();
  await eva.waitForURL(/person=\d+/);
  const rows = eva.getByTestId("access-log").getByRole("row");
  await expect(rows.filter({ hasText: "Rapportages: bekeken" }).first()).toContainText(demoClient.name);
  const download = eva.waitForEvent("download");
  await eva.getByRole("link", { name: "Download als CSV" }).click();
  const file = await download;
  const csv = await (await import("node:fs/promises")).readFile((await file.path())!, "utf8");
  expect(csv).toContain(`${coach.name};coach;${dossierId};${demoClient.name};reports;read`);
  await ownerContext.close();
});
