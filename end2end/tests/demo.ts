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
    await accessible(page);
  }
}

/**
 * Clicks a button whose action makes the page load a server function's data again, and waits
 * for that load: with JavaScript the list is drawn anew when it lands, so typing into it any
 * earlier would be typing into a form about to be replaced. Without JavaScript the click is a
 * page load and there is nothing more to wait for.
 */
export async function clickThenReload(
  page: import("@playwright/test").Page,
  javaScriptEnabled: boolean,
  button: import("@playwright/test").Locator,
  endpoint: string,
) {
  const reloaded = javaScriptEnabled
    ? page.waitForResponse((r) => r.url().endsWith(`/api/${endpoint}`) && r.ok())
    : Promise.resolve(null);
  await button.click();
  await reloaded;
}

// Each kind of page once per run (`/clients/7` and `/clients/9` are one kind), in the state
// a journey first brings it to.
const checked = new Set<string>();

/**
 * Runs axe-core on the page as it stands and fails the journey on any violation of WCAG 2.1
 * A and AA, naming the rule and the elements.
 */
export async function accessible(page: import("@playwright/test").Page) {
  const url = new URL(page.url());
  // A dossier's tabs are one page each.
  const tab = url.searchParams.get("tab");
  const kind =
    url.pathname.replace(/\/\d+(?=\/|$)/g, "/:id").replace(/\/[A-Za-z0-9_-]{20,}$/, "/:token") + (tab ? `?tab=${tab}` : "");
  if (checked.has(kind)) return;
  checked.add(kind);
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
  if (found.length > 0) throw new Error(`accessibility of ${kind}:\n  ${found.join("\n  ")}`);
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

/**
 * The operator reads the newest link of one kind (`invite`, `reset`, `account/email`) sent
 * to `email` from the local outbox.
 */
export async function linkFromOutbox(
  browser: import("@playwright/test").Browser,
  javaScriptEnabled: boolean,
  email: string,
  kind: string,
): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const page = await context.newPage();
  await signIn(page, javaScriptEnabled, operator);
  await page.goto("/operator/outbox");
  const bodies = await page.locator("li", { hasText: email }).locator("pre").allTextContents();
  await context.close();
  const pattern = new RegExp(`http\\S+/${kind}/\\S+`);
  const link = bodies.map((body) => body.match(pattern)?.[0]).find((found) => found);
  if (!link) throw new Error(`no ${kind} link for ${email} in the outbox`);
  return link;
}

/**
 * Starts a demo through the public sign-up page and the link in the mail that follows;
 * ends on the new owner's dashboard.
 */
export async function signUp(
  page: import("@playwright/test").Page,
  javaScriptEnabled: boolean,
  who: { organization: string; name: string; email: string; password: string },
) {
  await page.goto("/signup");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Naam van je praktijk").fill(who.organization);
  await page.getByLabel("Je naam").fill(who.name);
  await page.getByLabel("Je e-mailadres").fill(who.email);
  await page.getByLabel("Kies een wachtwoord").fill(who.password);
  await page.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
  await page.getByRole("button", { name: "Demo starten" }).click();
  await page.getByRole("status").filter({ hasText: "Kijk in je e-mail" }).waitFor();
  const link = await linkFromOutbox(page.context().browser()!, javaScriptEnabled, who.email, "signup/confirm");
  await page.goto(link);
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Demo nu starten" }).click();
  await page.waitForURL(/\/dashboard$/);
}

/**
 * Calls a server function as the signed-in user of `page` and returns its answer. A call
 * that answers with a redirect (as create and duplicate do for forms) gives the new id
 * from the address.
 */
export async function callApi(
  page: import("@playwright/test").Page,
  path: string,
  form: Record<string, string>,
): Promise<string> {
  const response = await page.request.post(path, { form, headers: { accept: "application/json" }, maxRedirects: 0 });
  const location = response.headers().location;
  if (response.status() >= 300 && response.status() < 400 && location) {
    return location.split("/").pop()!;
  }
  const body = await response.text();
  if (response.status() !== 200) throw new Error(`${path}: ${response.status()} ${body}`);
  return body;
}

/**
 * Opens a tab of the dossier shown in `page` by its link, as a person would (a plain link,
 * so it works without JavaScript too), and waits until the tab has loaded.
 */
export async function openTab(page: import("@playwright/test").Page, javaScriptEnabled: boolean, name: string) {
  const link = page.getByRole("navigation", { name: "Onderdelen van het dossier" }).getByRole("link", { name, exact: true });
  await link.click();
  await link.and(page.locator("[aria-current=page]")).waitFor();
  await page.locator("main").getByText("Bezig met laden…").first().waitFor({ state: "detached" });
  await ready(page, javaScriptEnabled);
}

/**
 * The coach of `page` opens Carla's dossier and gives her the exercise titled `title`
 * (outside any trajectory); returns the dossier's path.
 */
export async function giveExercise(page: import("@playwright/test").Page, javaScriptEnabled: boolean, title: string): Promise<string> {
  await page.goto("/clients");
  await page.getByRole("link", { name: client.name }).first().click();
  await page.waitForURL(/\/clients\/\d+$/);
  await ready(page, javaScriptEnabled);
  await openTab(page, javaScriptEnabled, "Oefeningen");
  const section = page.getByRole("region", { name: "Oefeningen" });
  await section.getByText("Een oefening klaarzetten").click();
  await section.getByLabel("Oefening", { exact: true }).selectOption({ label: title });
  await section.getByRole("button", { name: "Klaarzetten voor de cliënt" }).click();
  await section.getByRole("listitem").filter({ hasText: title }).waitFor();
  return new URL(page.url()).pathname + new URL(page.url()).search;
}
