// The demo logins that `server seed-demo` creates (server/src/demo.rs).
export const coach = {
  email: "coach@demo.koers.test",
  password: "Lantaarn-Heide-Wolk-82",
  name: "Bram Begeleider",
};
export const client = {
  email: "client@demo.koers.test",
  password: "Vuurtoren-Klaproos-19",
  name: "Carla Cliënt",
};

/** With JavaScript the page hydrates before we type; without, there is nothing to wait for. */
export async function ready(page: import("@playwright/test").Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }
}

export const owner = {
  email: "eigenaar@demo.koers.test",
  password: "Zeilboot-Morgenrood-47",
  name: "Eva de Eigenaar",
};
export const operator = {
  email: "operator@demo.koers.test",
  password: "Kompasroos-Getijde-63",
};

/** Signs in and, on a first login, accepts the terms. */
export async function signIn(
  page: import("@playwright/test").Page,
  javaScriptEnabled: boolean,
  who: { email: string; password: string },
) {
  await page.goto("/login");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("E-mailadres").fill(who.email);
  await page.getByLabel("Wachtwoord").fill(who.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (new URL(page.url()).pathname === "/consent") {
    await ready(page, javaScriptEnabled);
    await page.getByLabel("Ik ga akkoord met de gebruiksvoorwaarden en de privacyverklaring").check();
    await page.getByRole("button", { name: "Akkoord en verder" }).click();
    await page.waitForURL((url) => url.pathname !== "/consent");
  }
}
