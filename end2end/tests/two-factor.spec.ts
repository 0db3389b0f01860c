import { createHmac } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { callApi, linkFromOutbox, ready, signIn } from "./demo";

// An authenticator app of our own (RFC 6238 with Node's HMAC), independent of Koers' code.
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/\s/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function codeAt(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** Codes of ever later 30-second steps: Koers takes each step once. Never the step before
 * the current one: Koers accepts that only until the current step ends, which may be a
 * moment later, before the code arrives. */
class Phone {
  private next = 0;
  constructor(private secret: Buffer) {}
  async code(): Promise<string> {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(this.next, now);
    if (step > now + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 1000));
    this.next = step + 1;
    return codeAt(this.secret, step);
  }
  used(): string {
    return codeAt(this.secret, this.next - 1);
  }
}

/** The owner of a practice that `.ci/e2e-server` made for this spec. */
function practice(tag: string, who: string) {
  return {
    email: `${who}.${tag}@praktijk.test`,
    password: "Stapsteen-Molen-Rivier-64",
  };
}

/** From the account page: sets up two-step verification and returns the phone and codes. */
async function enrol(page: Page, javaScriptEnabled: boolean): Promise<{ phone: Phone; codes: string[] }> {
  await page.goto("/account");
  await page.getByRole("link", { name: "Tweestapsverificatie beheren" }).click();
  await expect(page.getByRole("heading", { name: "Tweestapsverificatie", level: 1 })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Tweestapsverificatie instellen" }).click();
  await expect(page.getByRole("img", { name: /QR-code/ })).toBeVisible();
  return confirmEnrolment(page, javaScriptEnabled);
}

async function confirmEnrolment(page: Page, javaScriptEnabled: boolean) {
  const secret = await page.locator("#two-factor-secret").textContent();
  const phone = new Phone(base32(secret!));
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Code uit je app").fill("123");
  await page.getByRole("button", { name: "Bevestigen" }).click();
  await expect(page.locator("#code-error")).toContainText("Deze code klopt niet");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Code uit je app").fill(await phone.code());
  await page.getByRole("button", { name: "Bevestigen" }).click();
  await expect(page.getByText("Tweestapsverificatie staat aan.")).toBeVisible();
  const codes = (await page.locator("#recovery-codes li").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await ready(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Ik heb de codes bewaard" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/account"));
  return { phone, codes };
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL(/\/login\?signed_out=1$/);
}

/** Password, then the code; leaves the page where the code step sent it. */
async function signInWithCode(page: Page, javaScriptEnabled: boolean, who: { email: string; password: string }, code: string) {
  await page.goto("/login");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("E-mailadres").fill(who.email);
  await page.getByLabel("Wachtwoord").fill(who.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL(/\/login\/code$/);
  await expect(page.getByRole("heading", { name: "Code uit je app" })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verder" }).click();
}

test("two-step verification: set up from the page, then a code signs in once and a recovery code once", async ({
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const me = practice(tag, "tweestaps");
  await signIn(page, javaScriptEnabled, me);
  const { phone, codes } = await enrol(page, javaScriptEnabled);
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);

  // A wrong code is refused next to the field; the right one signs in.
  await signInWithCode(page, javaScriptEnabled, me, "000000");
  await expect(page.locator("#code-error")).toContainText("Deze code klopt niet");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Code", { exact: true }).fill(await phone.code());
  await page.getByRole("button", { name: "Verder" }).click();
  await page.waitForURL(/\/dashboard$/);
  await signOut(page);

  // The same code a second time: refused, and not signed in.
  await signInWithCode(page, javaScriptEnabled, me, phone.used());
  await expect(page.locator("#code-error")).toContainText("Deze code klopt niet");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);

  // A recovery code instead of the phone: once.
  await signInWithCode(page, javaScriptEnabled, me, codes[0]);
  await page.waitForURL(/\/dashboard$/);
  // The account page lists the recent attempts, the wrong codes among them.
  await page.goto("/account");
  const attempts = page.getByRole("region", { name: "Recente inlogpogingen" });
  await expect(attempts.getByText("Verkeerde code bij inloggen").first()).toBeVisible();
  await expect(attempts.getByText("Ingelogd (met code)").first()).toBeVisible();
  await signOut(page);
  await signInWithCode(page, javaScriptEnabled, me, codes[0]);
  await expect(page.locator("#code-error")).toContainText("Deze code klopt niet");
});

async function joinAsCoach(browser: Browser, javaScriptEnabled: boolean, link: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "nl-NL" });
  const page = await context.newPage();
  await page.goto(link);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kies een wachtwoord").fill("Wolkenkrabber-Tulp-Sloot-58");
  await page.getByLabel(/Ik ga akkoord met de gebruiksvoorwaarden/).check();
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await page.waitForURL(/\/dashboard$/);
  return page;
}

test("the owner makes two-step verification mandatory and a signed-in coach is sent to set it up at the next click", async ({
  browser,
  page,
  javaScriptEnabled,
}) => {
  const tag = javaScriptEnabled ? "js" : "nojs";
  const me = practice(tag, "verplicht");
  await signIn(page, javaScriptEnabled, me);
  const coachEmail = `coach.verplicht.${tag}@praktijk.test`;
  await callApi(page, "/api/members/invite", { name: "Cor Coach", email: coachEmail, role: "coach" });
  const coach = await joinAsCoach(browser, javaScriptEnabled, await linkFromOutbox(browser, javaScriptEnabled, coachEmail, "invite"));

  // The owner first needs a factor of their own, then switches the rule on.
  await page.getByRole("navigation").getByRole("link", { name: "Beveiliging" }).click();
  await expect(page.getByRole("heading", { name: "Beveiliging", level: 1 })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Verplicht voor iedereen in de organisatie").check();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await expect(page.getByText("Zet eerst voor je eigen account tweestapsverificatie aan")).toBeVisible();
  await enrol(page, javaScriptEnabled);
  await page.goto("/security");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Verplicht voor iedereen in de organisatie").check();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await expect(page.getByText("Opgeslagen.")).toBeVisible();

  // The coach, signed in all along, clicks on and lands on the set-up.
  await ready(coach, javaScriptEnabled);
  await coach.getByRole("navigation").getByRole("link", { name: "Cliënten" }).click();
  await coach.waitForURL(/\/account\/two-factor$/);
  await expect(coach.getByText("Je organisatie heeft tweestapsverificatie verplicht gesteld.")).toBeVisible();
  await ready(coach, javaScriptEnabled);
  await coach.getByRole("button", { name: "Tweestapsverificatie instellen" }).click();
  await confirmEnrolment(coach, javaScriptEnabled);
  await expect(coach).toHaveURL(/\/dashboard$/);
  await coach.getByRole("navigation").getByRole("link", { name: "Cliënten" }).click();
  await expect(coach).toHaveURL(/\/clients$/);

  // The owner sees both of them with two-step verification on.
  await page.reload();
  const members = page.getByRole("region", { name: "Wie gebruikt tweestapsverificatie" });
  await expect(members.getByRole("row", { name: /Cor Coach/ })).toContainText("Aan");

  // The event log shows who set it up, and narrows down to one person.
  const log = page.getByRole("region", { name: "Gebeurtenissen" });
  await expect(log.getByRole("row", { name: /Tweestapsverificatie ingesteld.*Cor Coach/ })).toBeVisible();
  await ready(page, javaScriptEnabled);
  await log.getByLabel("Persoon").selectOption({ label: "Cor Coach" });
  await log.getByRole("button", { name: "Tonen" }).click();
  await expect(page).toHaveURL(/person=\d+/);
  await expect(log.locator("tbody").getByText("Tess Twee")).toHaveCount(0);
  await expect(log.locator("tbody").getByText("Cor Coach").first()).toBeVisible();

  // Someone tries the coach's account with a wrong password: the owner sees it.
  const stranger = await browser.newContext();
  await stranger.request.post("/api/auth/login", { form: { email: coachEmail, password: "Niet-Het-Goede-Wachtwoord-1" } });
  await stranger.close();
  await ready(page, javaScriptEnabled);
  await log.getByLabel("Soort").selectOption({ label: "Inloggen mislukt" });
  await log.getByRole("button", { name: "Tonen" }).click();
  await expect(page).toHaveURL(/kind=sign_in_failed/);
  await expect(log.getByRole("row", { name: /Inloggen mislukt.*Cor Coach/ })).toBeVisible();
  await coach.context().close();
});
