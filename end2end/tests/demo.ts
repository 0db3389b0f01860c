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
