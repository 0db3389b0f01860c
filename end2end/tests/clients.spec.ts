import { expect, test } from "@playwright/test";
import { coach, openTab, ready, signIn } from "./demo";

test.use({ viewport: { width: 1024, height: 768 } });

test("a coach creates a client, finds them, shares the dossier with a team and archives it", async ({
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const name = `Daan Dekker ${tag}`;
  await signIn(page, javaScriptEnabled, coach);
  await page.getByRole("navigation").getByRole("link", { name: "Cliënten" }).click();
  await expect(page.getByRole("heading", { name: "Cliënten", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /Carla Cliënt/ })).toBeVisible();

  await page.getByRole("link", { name: "Nieuwe cliënt" }).click();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Telefoon").fill("bel me");
  await page.getByRole("button", { name: "Cliënt aanmaken" }).click();
  await expect(page.locator("#name-error")).toHaveText("Vul dit veld in.");
  await expect(page.locator("#phone-error")).toContainText("telefoonnummer");

  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam").fill(name);
  await page.getByLabel("E-mailadres").fill(`daan.${tag}@example.test`);
  await page.getByLabel("Telefoon").fill("06 1234 5678");
  await page.getByLabel("Geboortedatum").fill("1988-03-05");
  await page.getByRole("button", { name: "Cliënt aanmaken" }).click();
  await page.waitForURL(/\/clients\/\d+$/);
  const dossierUrl = page.url();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Gegevens");
  const details = page.getByRole("region", { name: "Gegevens" });
  await expect(details).toContainText("06 1234 5678");
  await expect(details).toContainText("1988-03-05");

  // A trajectory with two goals, started, one goal under way.
  await openTab(page, javaScriptEnabled, "Trajecten");
  const trajectories = page.getByRole("region", { name: "Trajecten" });
  await trajectories.getByText("Nieuw traject").click();
  await trajectories.getByLabel("Titel").fill(`Loopbaan ${tag}`);
  await trajectories.getByLabel("Doelen (één per regel)").fill("Sterke punten kennen\nEen cv dat past");
  await trajectories.getByRole("button", { name: "Traject aanmaken" }).click();
  const trajectory = trajectories.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Loopbaan ${tag}` }) });
  await expect(trajectory).toContainText("Intake");
  await expect(trajectory.getByRole("list", { name: "Doelen" })).toContainText("Een cv dat past");
  await ready(page, javaScriptEnabled);
  await trajectory.getByRole("button", { name: "Traject starten" }).click();
  await expect(trajectory.getByText("Actief", { exact: true })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await trajectory.getByRole("button", { name: "Sterke punten kennen: Mee bezig" }).click();
  await expect(trajectory.getByRole("list", { name: "Doelen" })).toContainText("Sterke punten kennen · Mee bezig");

  // The client is invited to Koers from the dossier.
  await openTab(page, javaScriptEnabled, "Gegevens");
  await page.getByRole("button", { name: "Uitnodigen voor Koers" }).click();
  await expect(page.getByText("De uitnodiging is verstuurd en wacht op de cliënt.")).toBeVisible();

  // Share with the coach's team.
  const access = page.getByRole("region", { name: "Toegang tot dit dossier" });
  await ready(page, javaScriptEnabled);
  const teamForm = access.locator("form", { has: page.getByLabel("Team toegang geven") });
  await teamForm.getByLabel("Team toegang geven").selectOption({ label: "Team Noord" });
  await teamForm.getByRole("button", { name: "Toegang geven" }).click();
  await expect(access.getByRole("button", { name: "Toegang intrekken voor Team Noord" })).toBeVisible();

  // Edit the ordinary data.
  await page.getByRole("link", { name: "Gegevens wijzigen" }).click();
  await ready(page, javaScriptEnabled);
  await expect(page.getByLabel("Naam")).toHaveValue(name);
  await page.getByLabel("Telefoon").fill("020 765 4321");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.waitForURL(/\/clients\/\d+\?tab=data$/);
  await expect(page.getByRole("region", { name: "Gegevens" })).toContainText("020 765 4321");

  // Search finds the client and only them.
  await page.goto("/clients");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Zoeken op naam of e-mail").fill(`dekker ${tag}`);
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page).toHaveURL(/q=dekker/);
  const list = page.getByRole("list", { name: "Cliënten" });
  await expect(list.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await expect(list.getByRole("link", { name: /Carla Cliënt/ })).toHaveCount(0);

  // Archived: out of the list, into the archive, still there.
  await list.getByRole("link", { name: new RegExp(name) }).click();
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Archiveren" }).click();
  await expect(page.getByRole("heading", { name: `${name} Gearchiveerd` })).toBeVisible();
  await page.goto("/clients?archived=true");
  await ready(page, javaScriptEnabled);
  await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();

  // Opened directly (a reload, a bookmark), the dossier renders and comes alive again.
  await page.goto(dossierUrl);
  await ready(page, javaScriptEnabled);
  // Its overview shows the trajectory under way with its goals.
  const now = page.getByRole("region", { name: "Lopend traject" });
  await expect(now).toContainText(`Loopbaan ${tag}`);
  await expect(now.getByRole("list", { name: "Doelen" })).toContainText("Sterke punten kennen");
});
