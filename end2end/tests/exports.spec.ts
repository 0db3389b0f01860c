import { expect, test } from "@playwright/test";
import { client as demoClient, coach, openTab, owner, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

test("the owner downloads the practice's Excel and Word exports from the clients page", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, owner);
  await page.goto("/clients");
  await ready(page, javaScriptEnabled);
  const form = page.getByRole("region", { name: "Exporteren naar Excel en Word" });
  await form.getByLabel("Vanaf").fill("2026-01-01");
  for (const [button, name] of [
    ["Excel downloaden", /^koers-export-\d{4}-\d{2}-\d{2}\.xlsx$/],
    ["Dossierrapporten (Word, ZIP)", /^koers-dossierrapporten-\d{4}-\d{2}-\d{2}\.zip$/],
    ["Agenda en tijd (Word)", /^koers-agenda-en-tijd-\d{4}-\d{2}-\d{2}\.docx$/],
  ] as const) {
    const download = page.waitForEvent("download");
    await form.getByRole("button", { name: button }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(name);
    expect(await file.failure()).toBeNull();
  }

  // The whole practice in one file, for the owner.
  const copy = page.getByRole("region", { name: "Volledige kopie van de praktijk" });
  const download = page.waitForEvent("download");
  await copy.getByRole("link", { name: "Kopie van de praktijk downloaden (ZIP)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^koers-kopie-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.zip$/);
  expect(await file.failure()).toBeNull();
});

test("a coach downloads one dossier's report in Word from its details", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, coach);
  await page.goto("/clients");
  await ready(page, javaScriptEnabled);
  // The practice's copy is the owner's.
  await expect(page.getByRole("region", { name: "Volledige kopie van de praktijk" })).toHaveCount(0);
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  await openTab(page, javaScriptEnabled, "Gegevens");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Dossierrapport downloaden (Word)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^dossierrapport-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.docx$/);
  expect(await file.failure()).toBeNull();
});
