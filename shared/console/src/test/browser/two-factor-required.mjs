// Two-factor sign-in where this Skyport requires it (SKYPORT_MFA_REQUIRED=everyone), in a real browser (Debian's
// Chromium driven by playwright-core), for a person who signs in with Google only (no password):
// node src/test/browser/two-factor-required.mjs <base url> <screenshot folder> <server clock, epoch seconds>.
// Prints one JSON report on stdout (as journey.mjs does); a step that does not see what a person would see stops it.
import { chromium } from "playwright-core";
import { generateSync } from "otplib";
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, shots, serverEpoch] = process.argv.slice(2);
if (!base || !shots || !serverEpoch) {
  throw new Error("usage: node src/test/browser/two-factor-required.mjs <base url> <screenshot folder> <epoch>");
}
mkdirSync(shots, { recursive: true });

const TIMEOUT = 20_000;
const report = { steps: [], accessibility: [], screenshots: [], page_errors: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    report.steps.push({ name, ms: Date.now() - started });
  } catch (error) {
    report.failed = { name, error: String(error?.message ?? error).split("\n").slice(0, 6).join("\n") };
    const pages = browser.contexts().flatMap((context) => context.pages());
    for (const [i, open] of pages.entries()) {
      const file = join(shots, `two-factor-failed-${i}.png`);
      await open.screenshot({ path: file, fullPage: true }).catch(() => {});
      report.screenshots.push(file);
    }
    throw error;
  }
}

async function accessible(page, name) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  for (const violation of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    report.accessibility.push({ page: name, rule: violation.id, impact: violation.impact,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")) });
  }
}

async function shot(page, name) {
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
}

const context = await browser.newContext({ baseURL: base });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
page.on("pageerror", (error) => report.page_errors.push(String(error)));
let recovery = [];

try {
  await step("without two-factor sign-in the person is sent to enrol first, told why, and brought back", async () => {
    await page.goto("/console/signin?next=%2Fcloud-accounts");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    // The cloud accounts page asked the API, which refused until enrolment: the console went to the account page.
    await page.waitForURL(/\/console\/account\?enrol=required&next=%2Fcloud-accounts$/);
    await page.getByText("This Skyport requires two-factor sign-in before anything else.").waitFor();
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await page.getByRole("img", { name: "QR code of the two-factor secret" }).waitFor();
    await accessible(page, "two-factor-required");
    await shot(page, "two-factor-required");
    const secret = (await page.locator("code.secret").textContent()).trim();
    // The server's clock (the test's, standing still) decides the step: the code is made for its time.
    await page.getByLabel("Code from the app").fill(generateSync({ secret, epoch: Number(serverEpoch) }));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.locator(".recovery-codes code").first().waitFor();
    recovery = (await page.locator(".recovery-codes code").allTextContents()).map((code) => code.trim());
    if (recovery.length !== 10) throw new Error(`${recovery.length} recovery codes, not ten`);
    await page.getByRole("button", { name: "I have saved them" }).click();
    await page.waitForURL(/\/console\/cloud-accounts$/);
    await page.getByRole("heading", { name: "Cloud accounts" }).waitFor();
    // What the gate refused before works now: the live connection (its ticket was refused too) comes up.
    await page.getByTitle("Live updates on").waitFor();
    if (page.url().includes("/account")) throw new Error("sent to enrol again after enrolling");
  });

  await step("without a password, turning it off takes a fresh Google sign-in and a code", async () => {
    await page.getByRole("link", { name: /^Account of / }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    if (await page.getByLabel("Password", { exact: true }).count()) throw new Error("a Google-only account is asked for a password");
    await page.getByRole("button", { name: "Turn off: confirm with Google" }).click();
    await page.getByRole("heading", { name: "Confirm with a code" }).waitFor();
    if (page.url().includes("id_token")) throw new Error("the ID token stayed in the address");
    await accessible(page, "two-factor-google-proof");
    const field = page.getByLabel("Code from the app, or a recovery code");
    // A wrong code is refused on the page, and changes nothing.
    await field.fill("zzzz-zzzz-zzzz");
    await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
    await page.getByRole("alert").waitFor();
    await field.fill(recovery[0]);
    await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
    await page.getByText("Two-factor sign-in is off").waitFor();
    await shot(page, "two-factor-off-with-google");
    // Required here for everyone: back in the console, the person is asked to enrol again.
    await page.getByRole("link", { name: "Back to your account" }).click();
    await page.waitForURL(/\/console\/account\?enrol=required/);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).waitFor();
  });
} finally {
  await browser.close();
  process.stdout.write(JSON.stringify(report) + "\n");
}
if (report.failed) process.exit(1);
