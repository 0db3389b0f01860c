import { expect, test, type Page } from "@playwright/test";
import { callApi, clickThenReload, client as demoClient, coach, giveExercise, openTab, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** Builds an exercise with one question of every kind; returns nothing, ends in the builder. */
async function buildExercise(page: Page, javaScriptEnabled: boolean, title: string) {
  await page.goto("/exercises");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Titel").fill(title);
  await page.getByRole("button", { name: "Oefening aanmaken" }).click();
  await page.waitForURL(/\/exercises\/\d+$/);
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
  for (const [number, kind, choices] of [
    [4, "Eén keuze", "Thuis\nOp kantoor\nOnderweg"],
    [5, "Meerdere keuzes", "Mensen\nRust\nNieuwe dingen leren"],
    [6, "Afvinklijst", "Cv bijgewerkt\nNetwerk gesproken"],
  ] as const) {
    const question = page.getByRole("listitem", { name: `Vraag ${number}: ${kind}` });
    await ready(page, javaScriptEnabled);
    await question.getByLabel("Keuzes (één per regel)").fill(choices);
    if (number === 4) await question.getByLabel("De cliënt moet deze vraag beantwoorden").check();
    await clickThenReload(page, javaScriptEnabled, question.getByRole("button", { name: "Vraag opslaan" }), "exercises/get");
    await expect(question.getByLabel("Keuzes (één per regel)")).toHaveValue(choices);
  }
}

/** What the server holds for the client's answers (the browser's own copy left aside). */
async function stored(page: Page, id: string): Promise<Record<string, string[]>> {
  const response = await page.request.post("/api/my/answers", { form: { id } });
  expect(response.status()).toBe(200);
  const answers = (await response.json()) as { key: string; values: string[] }[];
  return Object.fromEntries(answers.map((a) => [a.key, a.values]));
}

test("a client answers an exercise on a tablet, keeps every word through a reload and a lost connection, submits and reads the feedback", async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(120_000);
  const tag = javaScriptEnabled ? "js" : "nojs";
  const title = `Werkplezier ${tag}`;

  // The coach builds the exercise and gives it to Carla within her trajectory.
  await signIn(page, javaScriptEnabled, coach);
  await buildExercise(page, javaScriptEnabled, title);
  await page.goto("/clients");
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Oefeningen");
  const section = page.getByRole("region", { name: "Oefeningen" });
  await section.getByText("Een oefening klaarzetten").click();
  await section.getByRole("button", { name: "Klaarzetten voor de cliënt" }).click();
  await expect(section.getByText("Vul dit veld in.")).toBeVisible();
  await ready(page, javaScriptEnabled);
  await section.getByLabel("Oefening", { exact: true }).selectOption({ label: title });
  await section.getByLabel("Binnen traject").selectOption({ label: "Loopbaanoriëntatie" });
  await section.getByLabel("Inleveren vóór (optioneel)").fill("2030-06-01");
  await section.getByLabel("Persoonlijk bericht (optioneel)").fill("Neem er rustig de tijd voor.");
  await section.getByRole("button", { name: "Klaarzetten voor de cliënt" }).click();
  const row = section.getByRole("listitem").filter({ hasText: title });
  await expect(row).toContainText("Te doen");
  await expect(row).toContainText("0 van 8 beantwoord");

  // Carla finds it under "to do" on her home page.
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const carla = await context.newPage();
  await signIn(carla, javaScriptEnabled, demoClient);
  const todo = carla.locator("[data-group=open]");
  await todo.getByRole("link", { name: new RegExp(title) }).click();
  await carla.waitForURL(/\/my\/exercises\/\d+$/);
  const id = carla.url().split("/").pop()!;
  await expect(carla.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(carla.getByText("Neem er rustig de tijd voor.")).toBeVisible();
  await ready(carla, javaScriptEnabled);

  // Half of the answers.
  await carla.getByLabel(/Hoe noem je je plan\?/).fill("Meer buiten werken");
  await carla.getByLabel(/Beschrijf een goede werkdag/).fill("Vroeg beginnen,\nmet collega's overleggen.");
  await carla.getByRole("radiogroup", { name: /Hoeveel energie/ }).getByText("4", { exact: true }).click();
  await carla.getByText("Onderweg", { exact: true }).click();
  const state = carla.locator("#save-state");
  if (javaScriptEnabled) {
    await expect(state).toHaveText("Alles is opgeslagen.");
  } else {
    await expect(state).toHaveText("Bewaar je antwoorden met de knop Opslaan.");
    await carla.getByRole("button", { name: "Opslaan", exact: true }).click();
    await expect(carla.getByText("Je antwoorden zijn opgeslagen.")).toBeVisible();
  }

  // A reload shows every answer again.
  await carla.reload();
  await ready(carla, javaScriptEnabled);
  await expect(carla.getByLabel(/Hoe noem je je plan\?/)).toHaveValue("Meer buiten werken");
  await expect(carla.getByLabel(/Beschrijf een goede werkdag/)).toHaveValue("Vroeg beginnen,\nmet collega's overleggen.");
  await expect(carla.getByRole("radio", { name: "4" })).toBeChecked();
  await expect(carla.getByRole("radio", { name: "Onderweg" })).toBeChecked();

  if (javaScriptEnabled) {
    // The connection drops; what is typed now waits in the browser and goes out when it is back.
    await context.setOffline(true);
    await carla.getByText("Rust", { exact: true }).click();
    await carla.getByText("Nieuwe dingen leren", { exact: true }).click();
    await carla.getByText("Cv bijgewerkt", { exact: true }).click();
    await carla.getByLabel(/Wanneer wil je beginnen\?/).fill("2030-01-15");
    await expect(state).toContainText("Offline");
    expect((await stored(carla, id)).q5).toBeUndefined();
    await context.setOffline(false);
    await expect(state).toHaveText("Alles is opgeslagen.");
  } else {
    await carla.getByText("Rust", { exact: true }).click();
    await carla.getByText("Nieuwe dingen leren", { exact: true }).click();
    await carla.getByText("Cv bijgewerkt", { exact: true }).click();
    await carla.getByLabel(/Wanneer wil je beginnen\?/).fill("2030-01-15");
    await carla.getByRole("button", { name: "Opslaan", exact: true }).click();
  }
  const server = await stored(carla, id);
  expect(server.q1).toEqual(["Meer buiten werken"]);
  expect(server.q3).toEqual(["4"]);
  expect(server.q5).toEqual(["Rust", "Nieuwe dingen leren"]);
  expect(server.q6).toEqual(["Cv bijgewerkt"]);
  expect(server.q7).toEqual(["2030-01-15"]);

  // The file goes with the form, with or without JavaScript.
  await carla.getByLabel(/Je huidige cv/).setInputFiles({ name: `cv-${tag}.pdf`, mimeType: "application/pdf", buffer: PDF });
  await carla.getByRole("button", { name: "Bestand opslaan" }).click();
  await expect(carla.getByText("Je antwoorden zijn opgeslagen.")).toBeVisible();
  await expect(carla.getByRole("link", { name: `cv-${tag}.pdf` })).toBeVisible();

  // Submitting asks for confirmation first.
  await ready(carla, javaScriptEnabled);
  await carla.getByRole("button", { name: "Inleveren", exact: true }).click();
  await expect(carla.locator("#confirm-error")).toHaveText("Vink het vakje aan om akkoord te gaan.");
  await ready(carla, javaScriptEnabled);
  await carla.getByLabel("Ik lever mijn antwoorden in. Daarna kan ik ze niet meer veranderen.").check();
  await carla.getByRole("button", { name: "Inleveren", exact: true }).click();
  await expect(carla.getByText("Je antwoorden zijn ingeleverd.")).toBeVisible();
  await expect(carla.getByRole("textbox")).toHaveCount(0);
  await expect(carla.getByText("Meer buiten werken")).toBeVisible();

  // The coach is told, reads the answers and gives feedback.
  await page.goto("/dashboard");
  await page.getByRole("button", { name: `${demoClient.name} heeft ‘${title}’ ingeleverd.` }).click();
  await page.waitForURL(/\/assignments\/\d+$/);
  await expect(page.getByText("Meer buiten werken")).toBeVisible();
  await expect(page.getByRole("link", { name: `cv-${tag}.pdf` })).toBeVisible();
  await ready(page, javaScriptEnabled);
  const first = page.locator("[data-question=q1]");
  await first.getByLabel("Feedback op dit antwoord").fill("Mooi concreet verwoord.");
  await first.getByRole("button", { name: "Feedback opslaan" }).click();
  await expect(first.getByLabel("Feedback op dit antwoord")).toHaveValue("Mooi concreet verwoord.");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Wat wil je de cliënt over de hele oefening laten weten?").fill("Goed gedaan, bespreken we volgende keer.");
  await page.getByRole("button", { name: "Feedback opslaan" }).last().click();
  await expect(page.getByLabel("Wat wil je de cliënt over de hele oefening laten weten?")).toHaveValue("Goed gedaan, bespreken we volgende keer.");

  // Carla sees it, and her home page told her.
  await carla.goto("/my");
  await carla.getByRole("button", { name: `Je begeleider heeft feedback gegeven op ‘${title}’.` }).click();
  await expect(carla.locator("[data-question=q1] [data-feedback]")).toContainText("Mooi concreet verwoord.");
  await expect(carla.getByRole("region", { name: "Feedback op de hele oefening" })).toContainText("Goed gedaan, bespreken we volgende keer.");
  await carla.goto("/my");
  await expect(carla.locator("[data-group=submitted]").getByRole("link", { name: new RegExp(title) })).toContainText("met feedback");
  await context.close();
});

test("on a phone every question fits the screen with large targets, and answers stay", async ({ page, browser, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const title = `Onderweg invullen ${tag}`;
  await signIn(page, javaScriptEnabled, coach);
  const api = (path: string, form: Record<string, string>) => callApi(page, path, form);
  const exercise = await api("/api/exercises/create", { title });
  await api("/api/exercises/add_question", { id: exercise, kind: "short_text", prompt: "Waar ben je nu?" });
  await api("/api/exercises/add_question", { id: exercise, kind: "scale", prompt: "Hoe rustig ben je?" });
  await api("/api/exercises/update_question", { id: exercise, key: "q2", "input[prompt]": "Hoe rustig ben je?", "input[scale_min]": "1", "input[scale_max]": "10" });
  await giveExercise(page, javaScriptEnabled, title);

  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 390, height: 844 } });
  const carla = await context.newPage();
  await signIn(carla, javaScriptEnabled, demoClient);
  await carla.locator("[data-group=open]").getByRole("link", { name: new RegExp(title) }).click();
  await carla.waitForURL(/\/my\/exercises\/\d+$/);
  await ready(carla, javaScriptEnabled);
  // Nothing sticks out sideways; every scale point is a target of at least 48 by 48 pixels.
  const overflow = await carla.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const points = carla.getByRole("radiogroup", { name: /Hoe rustig ben je\?/ }).locator("label");
  await expect(points).toHaveCount(10);
  for (const point of await points.all()) {
    const box = (await point.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(48);
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  // Text inputs use at least 16px type, so phones do not zoom in on them.
  const size = await carla.getByLabel(/Waar ben je nu\?/).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(16);

  await carla.getByLabel(/Waar ben je nu\?/).fill("In de trein");
  await points.getByText("7", { exact: true }).click();
  if (javaScriptEnabled) {
    await expect(carla.locator("#save-state")).toHaveText("Alles is opgeslagen.");
  } else {
    await carla.getByRole("button", { name: "Opslaan", exact: true }).click();
    await expect(carla.getByText("Je antwoorden zijn opgeslagen.")).toBeVisible();
  }
  await carla.reload();
  await expect(carla.getByLabel(/Waar ben je nu\?/)).toHaveValue("In de trein");
  await expect(carla.getByRole("radio", { name: "7" })).toBeChecked();
  await context.close();
});

test("the dossier charts a client's results of three submissions, and the client sees them when allowed", async ({ page, browser, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const title = `Veerkracht ${tag}`;
  await signIn(page, javaScriptEnabled, coach);
  const api = (path: string, form: Record<string, string>) => callApi(page, path, form);
  // A copy of the example assessment every organization starts with, under its own name.
  const library = JSON.parse(await api("/api/exercises/list", {})) as { id: number; title: string }[];
  const example = library.find((e) => e.title === "Veerkracht bij verandering")!;
  const copy = await api("/api/exercises/duplicate", { id: String(example.id) });
  const original = JSON.parse(await api("/api/exercises/get", { id: copy })) as { intro: string };
  await api("/api/exercises/update", { id: copy, title, intro: original.intro });

  await page.goto("/clients");
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  const dossier = page.url().split("/").pop()!;
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Oefeningen");
  const trajectory = await page.getByRole("region", { name: "Oefeningen" }).getByLabel("Binnen traject").inputValue();

  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const carla = await context.newPage();
  await signIn(carla, javaScriptEnabled, demoClient);
  // Three submissions: every scale question 2, then 4, then 6 (on 1–7; q2 and q5 count
  // reversed). Scores: (2v + 16) / 6 → 3,33, 4 and 4,67.
  for (const value of ["2", "4", "6"]) {
    const id = await api("/api/assignments/assign", { client_id: dossier, "input[trajectory_id]": trajectory, "input[exercise_id]": copy, "input[show_results]": "yes" });
    const multipart: Record<string, string> = { intent: "submit", confirm: "yes" };
    for (const key of ["q1", "q2", "q3", "q4", "q5", "q6"]) {
      multipart[`base_${key}`] = "0";
      multipart[key] = value;
    }
    const response = await carla.request.post(`/my/assignments/${id}/answers`, { multipart, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toContain("submitted=1");
  }

  await page.reload();
  const results = page.locator(`[data-results="${title}"]`);
  await expect(results.getByRole("img", { name: `Veerkracht (${title}) door de tijd` })).toBeVisible();
  await expect(results.locator("circle[data-point]")).toHaveCount(3);
  await results.getByText("Als tabel").click();
  const rows = results.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("3,33");
  await expect(rows.nth(0)).toContainText("Aandachtspunt");
  await expect(rows.nth(2)).toContainText("4,67");
  await expect(rows.nth(2)).toContainText("Op weg");

  await carla.goto("/my");
  const mine = carla.getByRole("region", { name: "Mijn uitslagen" }).locator(`[data-results="${title}"]`);
  await expect(mine.locator("circle[data-point]")).toHaveCount(3);
  await context.close();
});

test("two tabs of one client: the answer typed last stands, nothing else is lost, and the other tab is told", async ({ page, browser, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "tabs learn of each other through autosave; without JavaScript the form reports it (server test)");
  const title = "Twee tabbladen";
  await signIn(page, javaScriptEnabled, coach);
  const api = (path: string, form: Record<string, string>) => callApi(page, path, form);
  const exercise = await api("/api/exercises/create", { title });
  await api("/api/exercises/add_question", { id: exercise, kind: "short_text", prompt: "Wat wil je bereiken?" });
  await api("/api/exercises/add_question", { id: exercise, kind: "short_text", prompt: "Wat heb je daarvoor nodig?" });
  await page.goto("/clients");
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  const dossier = page.url().split("/").pop()!;
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Oefeningen");
  const section = page.getByRole("region", { name: "Oefeningen" });
  const id = await api("/api/assignments/assign", {
    client_id: dossier,
    "input[trajectory_id]": await section.getByLabel("Binnen traject").inputValue(),
    "input[exercise_id]": exercise,
  });

  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const first = await context.newPage();
  await signIn(first, javaScriptEnabled, demoClient);
  const second = await context.newPage();
  for (const tab of [first, second]) {
    await tab.goto(`/my/exercises/${id}`);
    await ready(tab, javaScriptEnabled);
  }
  await first.getByLabel(/Wat wil je bereiken\?/).fill("Een baan dicht bij huis");
  await first.getByLabel(/Wat heb je daarvoor nodig\?/).fill("Een goed cv");
  await expect(first.locator("#save-state")).toHaveText("Alles is opgeslagen.");
  // The second tab still shows the empty form; it changes only the first question.
  await second.getByLabel(/Wat wil je bereiken\?/).fill("Een baan in de zorg");
  await expect(second.locator("#save-state")).toHaveText("Alles is opgeslagen.");

  const stored = await first.request.post("/api/my/answers", { form: { id } });
  const answers = Object.fromEntries(((await stored.json()) as { key: string; values: string[] }[]).map((a) => [a.key, a.values]));
  expect(answers.q1).toEqual(["Een baan in de zorg"]);
  expect(answers.q2).toEqual(["Een goed cv"]);

  // Back in the first tab, it takes over what the other tab saved and says so.
  await first.bringToFront();
  await first.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect(first.getByLabel(/Wat wil je bereiken\?/)).toHaveValue("Een baan in de zorg");
  await expect(first.locator("[data-problem=q1]")).toContainText("in een ander venster of op een ander apparaat gewijzigd");
  await expect(first.getByLabel(/Wat heb je daarvoor nodig\?/)).toHaveValue("Een goed cv");
  await context.close();
});

test("typing after a form save still counts when the tablet's clock is behind the server's", async ({ page, browser, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "autosave numbers edits in the browser; without JavaScript the server does");
  const title = "Klok achter";
  await signIn(page, javaScriptEnabled, coach);
  const api = (path: string, form: Record<string, string>) => callApi(page, path, form);
  const exercise = await api("/api/exercises/create", { title });
  await api("/api/exercises/add_question", { id: exercise, kind: "short_text", prompt: "Wat is je volgende stap?" });
  await page.goto("/clients");
  await page.getByRole("link", { name: demoClient.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  const dossier = page.url().split("/").pop()!;
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Oefeningen");
  const id = await api("/api/assignments/assign", {
    client_id: dossier,
    "input[trajectory_id]": await page.getByRole("region", { name: "Oefeningen" }).getByLabel("Binnen traject").inputValue(),
    "input[exercise_id]": exercise,
  });

  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL", viewport: { width: 1024, height: 768 } });
  const carla = await context.newPage();
  // The tablet's clock is years behind; timers keep running.
  await carla.clock.setFixedTime(new Date("2020-01-01T09:00:00Z"));
  await signIn(carla, javaScriptEnabled, demoClient);
  await carla.goto(`/my/exercises/${id}`);
  await ready(carla, javaScriptEnabled);
  const field = carla.getByLabel(/Wat is je volgende stap\?/);
  // Saved by the form (numbered with the server's clock)…
  await field.fill("Een gesprek plannen");
  await carla.getByRole("button", { name: "Opslaan", exact: true }).click();
  await expect(carla.getByText("Je antwoorden zijn opgeslagen.")).toBeVisible();
  await ready(carla, javaScriptEnabled);
  // …and then typed further: the later typing must win.
  await field.fill("Een gesprek plannen met mijn leidinggevende");
  await expect(carla.locator("#save-state")).toHaveText("Alles is opgeslagen.");
  await expect(field).toHaveValue("Een gesprek plannen met mijn leidinggevende");
  await expect(carla.locator("[data-problem=q1]")).toHaveText("");
  const stored = await carla.request.post("/api/my/answers", { form: { id } });
  const answers = (await stored.json()) as { key: string; values: string[] }[];
  expect(answers.find((a) => a.key === "q1")!.values).toEqual(["Een gesprek plannen met mijn leidinggevende"]);
  await context.close();
});
