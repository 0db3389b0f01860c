import { expect, test } from "@playwright/test";
import { owner, ready, signIn } from "./demo";

test("the owner forms a team, adds a coach, renames and deletes it", async ({ page, javaScriptEnabled }) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const name = `Team Zuid ${tag}`;
  await signIn(page, javaScriptEnabled, owner);
  await page.getByRole("navigation").getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("heading", { name: "Teams", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Team Noord" })).toBeVisible();

  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam van het team").fill(name);
  await page.getByRole("button", { name: "Team aanmaken" }).click();
  const team = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(team).toContainText("Nog geen begeleiders in dit team.");

  await ready(page, javaScriptEnabled);
  await team.getByLabel("Begeleider toevoegen").selectOption({ label: "Bram Begeleider" });
  await team.getByRole("button", { name: "Toevoegen" }).click();
  await expect(team.getByText("Bram Begeleider")).toBeVisible();

  // A name that is taken is refused next to the field.
  await ready(page, javaScriptEnabled);
  await team.getByLabel("Naam", { exact: true }).fill("team noord");
  await team.getByRole("button", { name: "Naam wijzigen" }).click();
  await expect(page.getByText("Er is al een team met deze naam.").first()).toBeVisible();

  const renamed = `${name} en West`;
  await ready(page, javaScriptEnabled);
  const current = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await current.getByLabel("Naam", { exact: true }).fill(renamed);
  await current.getByRole("button", { name: "Naam wijzigen" }).click();
  await expect(page.getByRole("heading", { name: renamed })).toBeVisible();

  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: `Team verwijderen ${renamed}` }).click();
  await expect(page.getByRole("heading", { name: renamed })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Team Noord" })).toBeVisible();
});
