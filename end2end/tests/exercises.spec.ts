import { expect, test } from "@playwright/test";
import { clickThenReload, coach, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

test("a coach builds an exercise from every kind of question and sees it as the client will", async ({ page, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const title = `Energiebronnen ${tag}`;
  await signIn(page, javaScriptEnabled, coach);
  await page.getByRole("navigation").getByRole("link", { name: "Oefeningen" }).click();
  await expect(page.getByRole("heading", { name: "Oefeningen", level: 1 })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Inleiding (wat de cliënt eerst leest)").fill("Neem er **rustig** de tijd voor.");
  await page.getByRole("button", { name: "Oefening aanmaken" }).click();
  await page.waitForURL(/\/exercises\/\d+$/);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  const questions: [string, string][] = [
    ["Korte tekst", "Hoe noem je je plan?"],
    ["Lange tekst", "Beschrijf een goede werkdag"],
    ["Schaal", "Hoeveel energie geeft je werk?"],
    ["Eén keuze", "Waar werk je het liefst?"],
    ["Meerdere keuzes", "Wat geeft je energie?"],
    ["Afvinklijst", "Wat heb je al gedaan?"],
    ["Datum", "Wanneer wil je beginnen?"],
    ["Bestand uploaden", "Je huidige cv"],
  ];
  for (const [index, [kind, prompt]] of questions.entries()) {
    await ready(page, javaScriptEnabled);
    await page.getByLabel("Soort vraag").selectOption({ label: kind });
    await page.locator("#new-prompt").fill(prompt);
    await page.getByRole("button", { name: "Vraag toevoegen" }).click();
    await expect(page.getByRole("listitem", { name: `Vraag ${index + 1}: ${kind}` })).toBeVisible();
  }

  // A scale needs a low and a higher number; the message sits next to the field.
  const scale = page.getByRole("listitem", { name: "Vraag 3: Schaal" });
  await ready(page, javaScriptEnabled);
  await scale.getByLabel("Schaal van").fill("5");
  await scale.getByLabel("tot en met").fill("5");
  await scale.getByRole("button", { name: "Vraag opslaan" }).click();
  await expect(scale.getByText("Kies een schaal van een laag naar een hoger heel getal")).toBeVisible();
  await ready(page, javaScriptEnabled);
  await scale.getByLabel("Schaal van").fill("1");
  await scale.getByLabel("tot en met").fill("5");
  await scale.getByLabel("Tekst bij het laagste punt").fill("Bijna geen");
  await scale.getByLabel("Tekst bij het hoogste punt").fill("Heel veel");
  await scale.getByLabel("De cliënt moet deze vraag beantwoorden").check();
  await clickThenReload(page, javaScriptEnabled, scale.getByRole("button", { name: "Vraag opslaan" }), "exercises/get");
  await expect(scale.getByLabel("tot en met")).toHaveValue("5");
  await expect(scale.getByText("Kies een schaal")).toHaveCount(0);

  for (const [number, kind, choices] of [
    [4, "Eén keuze", "Thuis\nOp kantoor\nOnderweg"],
    [5, "Meerdere keuzes", "Mensen\nRust\nNieuwe dingen leren"],
    [6, "Afvinklijst", "Cv bijgewerkt\nNetwerk gesproken"],
  ] as const) {
    const question = page.getByRole("listitem", { name: `Vraag ${number}: ${kind}` });
    await ready(page, javaScriptEnabled);
    await question.getByLabel("Keuzes (één per regel)").fill(choices);
    await clickThenReload(page, javaScriptEnabled, question.getByRole("button", { name: "Vraag opslaan" }), "exercises/get");
    await expect(question.getByLabel("Keuzes (één per regel)")).toHaveValue(choices);
  }

  // Reordering.
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Vraag 8 omhoog" }).click();
  await expect(page.getByRole("listitem", { name: "Vraag 7: Bestand uploaden" })).toBeVisible();

  // The preview, as the client will see it.
  await page.getByRole("link", { name: "Bekijken als cliënt" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.locator("strong", { hasText: "rustig" })).toBeVisible();
  await expect(page.getByRole("radiogroup", { name: /Hoeveel energie geeft je werk\?/ }).getByRole("radio")).toHaveCount(5);
  await expect(page.getByText("Heel veel")).toBeVisible();
  await expect(page.getByRole("radio", { name: "Op kantoor" })).toBeDisabled();
  await expect(page.getByRole("checkbox", { name: "Nieuwe dingen leren" })).toBeVisible();
  await expect(page.getByLabel(/Wanneer wil je beginnen\?/)).toHaveAttribute("type", "date");
  await expect(page.getByLabel(/Je huidige cv/)).toHaveAttribute("type", "file");
  await expect(page.locator("main").getByRole("listitem")).toHaveCount(8);
});
