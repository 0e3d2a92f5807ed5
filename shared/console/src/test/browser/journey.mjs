// The console's journey in a real browser (Debian's Chromium driven by playwright-core), against a running local
// platform: node src/test/browser/journey.mjs <base url> <screenshot folder> [the e-mail the platform makes ADMIN].
// Prints one JSON report on stdout; any step that does not see what a person would see stops the journey: the
// report names it, and the process exits with 1.
import { chromium } from "playwright-core";
import { generateSync } from "otplib";
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [base, shots, adminEmail, serverEpoch] = process.argv.slice(2);
if (!base || !shots) {
  throw new Error("usage: node src/test/browser/journey.mjs <base url> <screenshot folder> [admin e-mail]");
}
mkdirSync(shots, { recursive: true });

const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = 20_000;
const report = { steps: [], accessibility: [], screenshots: [], page_errors: [], csp_violations: [] };

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

async function newPerson(options = {}) {
  const context = await browser.newContext({ baseURL: base, ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  // A script that throws; the browser's own lines about answers the journey provokes (401, 404, 422) are not errors.
  page.on("pageerror", (error) => report.page_errors.push(String(error)));
  return { context, page };
}

async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    report.steps.push({ name, ms: Date.now() - started });
  } catch (error) {
    report.failed = { name, error: String(error?.message ?? error).split("\n").slice(0, 6).join("\n") };
    // What every open page showed when the step failed, for whoever reads the report.
    const pages = browser.contexts().flatMap((context) => context.pages());
    for (const [i, open] of pages.entries()) {
      const file = join(shots, `failed-${i}.png`);
      await open.screenshot({ path: file, fullPage: true }).catch(() => {});
      report.screenshots.push(file);
    }
    throw error;
  }
}

/** axe-core over the page as it is: serious and critical violations are reported by rule and page. */
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

async function outboxLink(contains) {
  const mails = await (await fetch(`${base}/local/outbox`)).json();
  return mails.flatMap((mail) => mail.links).find((link) => link.includes(contains));
}

const cloud = await (await fetch(`${base}/local/simulated-cloud`)).json();
const stamp = Date.now().toString(36);
const ada = { email: adminEmail ?? `ada-${stamp}@example.com`, username: `ada-${stamp}`,
  password: "correct horse battery staple" };
const { context, page } = await newPerson();
await page.exposeFunction("__cspViolation", (text) => report.csp_violations.push(text));
await page.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (event) =>
    window.__cspViolation(`${event.violatedDirective} ${event.blockedURI}`));
});

try {
  await step("the console asks a newcomer to sign in", async () => {
    await page.goto("/");
    await page.waitForURL(/\/console\/signin\?next=/);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await accessible(page, "sign-in");
    await shot(page, "01-sign-in");
  });

  await step("sign up", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("E-mail").fill(ada.email);
    await page.getByLabel("Username").fill(ada.username);
    await page.getByLabel("Password").fill(ada.password);
    await accessible(page, "sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your e-mail" }).waitFor();
    await page.getByRole("link", { name: "local outbox" }).waitFor();
  });

  await step("verify from the e-mail's link, which leads into the console", async () => {
    const link = await outboxLink("/auth/verify?token=");
    if (!link) throw new Error("no verification link in the outbox");
    await page.goto(link);
    await page.getByRole("button", { name: "Verify my e-mail address" }).click();
    await page.getByRole("heading", { name: "E-mail verified" }).waitFor();
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/console\/signin/);
  });

  await step("a wrong password is refused on the page", async () => {
    await page.getByLabel("E-mail or username").fill(ada.username);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").waitFor();
  });

  await step("sign in", async () => {
    await page.getByLabel("Password").fill(ada.password);
    const answered = page.waitForResponse((response) => response.url().endsWith("/auth/login"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const body = await (await answered).text();
    if (/access_token|refresh_token/.test(body)) throw new Error("the login answer shows the page a token");
    await page.waitForURL(/\/console\/clusters$/);
    await page.getByRole("heading", { name: "Clusters" }).waitFor();
    await page.getByText("Live", { exact: true }).waitFor();
    await accessible(page, "clusters-empty");
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    if (stored.includes("ey")) throw new Error("a token is in browser storage: " + stored.slice(0, 80));
    const cookies = await context.cookies();
    const access = cookies.find((cookie) => cookie.name === "skyport_access");
    if (!access?.httpOnly) throw new Error("the access cookie is readable by scripts");
  });

  await step("a credential the provider refuses is shown on the form", async () => {
    await page.getByRole("link", { name: "Cloud accounts" }).click();
    await page.getByRole("link", { name: "Connect an account" }).click();
    await page.getByLabel("Name").fill("Refused");
    const wrong = cloud.aws.fails["cloud-secret-wrong"];
    await page.getByLabel("Access key id").fill(wrong.access_key_id);
    await page.getByLabel("Secret access key").fill(wrong.secret_access_key);
    await page.getByRole("button", { name: "Verify and connect" }).click();
    await page.getByRole("alert").waitFor();
    await accessible(page, "connect-refused");
    await shot(page, "02-connect-refused");
  });

  await step("connect a simulated AWS account", async () => {
    await page.getByLabel("Name").fill("Simulated");
    await page.getByLabel("Access key id").fill(cloud.aws.passes.access_key_id);
    await page.getByLabel("Secret access key").fill(cloud.aws.passes.secret_access_key);
    await page.getByRole("button", { name: "Verify and connect" }).click();
    await page.getByRole("heading", { name: "Simulated" }).waitFor();
    await page.getByText("Verified", { exact: true }).waitFor();
    await page.getByRole("button", { name: "List buckets" }).click();
    await page.getByText(cloud.aws.state_buckets.fit).waitFor();
    await accessible(page, "cloud-account");
    await shot(page, "03-cloud-account");
  });

  /** Waits until the cluster page's heading shows the status (the page is never reloaded for it). */
  async function statusIs(status, timeout = 60_000) {
    await page.waitForFunction((wanted) => document.querySelector("h1 .status")?.textContent === wanted, status,
      { timeout });
  }

  await step("rotate the account's credentials: a refused key changes nothing, a good one replaces it", async () => {
    await page.getByRole("button", { name: "Rotate credentials" }).click();
    const expired = cloud.aws.fails["cloud-credentials-expired"];
    await page.getByLabel("Access key id").fill(expired.access_key_id);
    await page.getByLabel("Secret access key").fill(expired.secret_access_key);
    await page.getByRole("button", { name: "Verify and replace" }).click();
    await page.getByRole("alert").waitFor();
    await page.getByLabel("Access key id").fill(cloud.aws.passes.access_key_id);
    await page.getByLabel("Secret access key").fill(cloud.aws.passes.secret_access_key);
    await page.getByRole("button", { name: "Verify and replace" }).click();
    await page.getByRole("heading", { name: "Rotate credentials" }).waitFor({ state: "detached" });
    await page.getByText("Verified", { exact: true }).waitFor();
  });

  async function createCluster(name, tags) {
    await page.getByRole("link", { name: "Clusters" }).click();
    await page.getByRole("link", { name: "New cluster" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Region").selectOption("eu-west-1"); // where the simulated state bucket is
    await page.getByLabel("Bucket").fill(cloud.aws.state_buckets.fit);
    if (tags) await page.getByLabel("Tags (optional)").fill(tags);
    await page.getByRole("button", { name: "Create cluster" }).click();
    await page.waitForURL(/\/console\/clusters\/[0-9a-f-]{36}$/);
    return page.url();
  }

  let demoUrl;
  await step("a field the API refuses is named on the form", async () => {
    await page.getByRole("link", { name: "Clusters" }).click();
    await page.getByRole("link", { name: "New cluster" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Not A Valid Name!");
    await page.getByLabel("Bucket").fill(cloud.aws.state_buckets.fit);
    await page.getByRole("button", { name: "Create cluster" }).click();
    const name = page.getByLabel("Name", { exact: true });
    await page.waitForFunction(() => document.querySelector("input[aria-invalid='true']") !== null);
    if ((await name.getAttribute("aria-invalid")) !== "true") throw new Error("the name field is not marked invalid");
    await accessible(page, "create-form-invalid");
    await shot(page, "04-create-form");
  });

  let bellBefore = 0;
  await step("create a cluster and watch it reach RUNNING with its log, without reloading", async () => {
    bellBefore = Number((await page.getByTestId("unread").textContent({ timeout: 1000 }).catch(() => "0")) ?? 0);
    demoUrl = await createCluster("demo", "team=platform");
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.getByRole("heading", { name: /demo/ }).waitFor();
    await statusIs("RUNNING");
    await page.getByTestId("log").getByText("Apply complete!").waitFor();
    if (!(await page.evaluate(() => window.__sameDocument === true))) throw new Error("the page reloaded");
    await accessible(page, "cluster-running");
    await shot(page, "05-cluster-running");
  });

  await step("the bell's count rose", async () => {
    await page.waitForFunction((before) => Number(document.querySelector("[data-testid=unread]")?.textContent ?? 0) > before,
      bellBefore);
  });

  await step("the log can be searched", async () => {
    await page.getByPlaceholder("Search").fill("zzz-no-such-line");
    await page.getByText("No line matches.").waitFor();
    await page.getByPlaceholder("Search").fill("");
  });

  await step("download the running cluster's kubeconfig", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download kubeconfig" }).click(),
    ]);
    if (download.suggestedFilename() !== "demo.kubeconfig") {
      throw new Error(`the kubeconfig is saved as ${download.suggestedFilename()}`);
    }
    const file = join(shots, "demo.kubeconfig");
    await download.saveAs(file);
    const yaml = readFileSync(file, "utf8");
    for (const line of ["kind: Config", "current-context: demo", "certificate-authority-data: ", "command: aws"]) {
      if (!yaml.includes(line)) throw new Error(`the downloaded kubeconfig lacks "${line}"`);
    }
    report.kubeconfig = file;
  });

  await step("day two: scale a node group, plan and apply a change, then a protected cluster refuses its delete", async () => {
    const group = page.getByRole("group", { name: /^Node group default/ });
    await group.getByLabel("Desired nodes").fill("3");
    await page.getByRole("button", { name: "Save node group sizes" }).click();
    await page.getByText(/^node_groups\.default: .* -> .*, 1\/3\/3$/).waitFor();
    // The facts come from the cluster as read after the change: RUNNING then is the update's end, not the state
    // before it (a change made on that earlier version would be refused as stale).
    await page.getByText("default: m6i.large, 1–3 (now 3)").waitFor();
    await statusIs("RUNNING");
    // Plan first: the plan says what would change; applying it changes exactly that.
    await page.getByRole("group", { name: /^Node group default/ }).getByLabel("Max nodes").fill("4");
    await page.getByRole("button", { name: "Plan the sizes" }).click();
    await page.getByTestId("plan").getByText("Plan: 0 to add, 1 to change, 0 to destroy.").waitFor();
    await page.getByRole("button", { name: "Apply this plan" }).click();
    await page.getByText(/^as planned by run /).waitFor();
    await page.getByText("default: m6i.large, 1–4 (now 3)").waitFor();
    await statusIs("RUNNING");
    // The box shows what the cluster is: it turns on once the change is stored, not on the click.
    await page.getByLabel("Deletion protection").click();
    await page.getByText("deletion_protection: off -> on").waitFor();
    // The change's line and the cluster's refetch are two answers: give the box the refetch's time to turn on.
    const box = page.getByLabel("Deletion protection");
    for (let tries = 0; !(await box.isChecked()) && tries < 50; tries++) await page.waitForTimeout(100);
    if (!(await box.isChecked())) throw new Error("protection does not show on");
    await page.getByRole("button", { name: "Delete cluster…" }).click();
    await page.getByLabel("Type demo to confirm").fill("demo");
    await page.getByRole("button", { name: "Delete cluster", exact: true }).click();
    await page.getByRole("alert").getByText(/deletion protection/).waitFor();
    await accessible(page, "cluster-protected");
    await shot(page, "05b-cluster-protected");
    await page.getByRole("button", { name: "Keep it" }).click();
    await page.getByLabel("Deletion protection").click();
    await page.getByText("deletion_protection: on -> off").waitFor();
  });

  await step("a failed cluster shows its reason", async () => {
    await createCluster("broken", "simulate-failure=apply");
    await statusIs("FAILED");
    await page.getByTestId("reason").getByText("apply").waitFor();
    await page.getByRole("button", { name: "Retry" }).waitFor();
    await accessible(page, "cluster-failed");
    await shot(page, "06-cluster-failed");
  });

  await step("notifications: the list, mark all read", async () => {
    await page.getByRole("link", { name: /Notifications/ }).click();
    await page.getByRole("heading", { name: "Notifications" }).waitFor();
    await page.getByRole("link", { name: /Cluster demo is running/ }).first().waitFor();
    await accessible(page, "notifications");
    await shot(page, "07-notifications");
    await page.getByRole("button", { name: "Mark all read" }).click();
    await page.getByTestId("unread").waitFor({ state: "detached" });
  });

  await step("delete the cluster with its typed name and watch DELETED", async () => {
    await page.goto(demoUrl);
    await page.getByRole("button", { name: "Delete cluster…" }).click();
    await page.getByLabel("Type demo to confirm").fill("dem");
    if (await page.getByRole("button", { name: "Delete cluster", exact: true }).isEnabled()) {
      throw new Error("delete is possible without the whole name");
    }
    await page.getByLabel("Type demo to confirm").fill("demo");
    await page.getByRole("button", { name: "Delete cluster", exact: true }).click();
    await statusIs("DELETED");
  });

  await step("another person's cluster URL shows not found", async () => {
    const other = await newPerson();
    const bob = { email: `bob-${stamp}@example.com`, username: `bob-${stamp}`, password: "another long passphrase" };
    await fetch(`${base}/auth/signup`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(bob) });
    const mails = await (await fetch(`${base}/local/outbox`)).json();
    const link = mails.filter((mail) => mail.to.includes(bob.email)).flatMap((mail) => mail.links)
      .find((l) => l.includes("/auth/verify?token="));
    await fetch(`${base}/auth/verify`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: new URL(link).searchParams.get("token") }) });
    await other.page.goto(demoUrl);
    await other.page.getByLabel("E-mail or username").fill(bob.username);
    await other.page.getByLabel("Password").fill(bob.password);
    await other.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await other.page.getByRole("heading", { name: "Not found" }).waitFor();
    if (!other.page.url().startsWith(demoUrl)) throw new Error("sign-in did not lead back to the asked page");
    await other.context.close();
  });

  await step("an ended session sends the person to sign in and back", async () => {
    await context.clearCookies();
    await page.goto("/console/cloud-accounts");
    await page.waitForURL(/\/console\/signin\?next=%2Fcloud-accounts/);
    await page.getByLabel("E-mail or username").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/console\/cloud-accounts$/);
    await page.getByRole("heading", { name: "Cloud accounts" }).waitFor();
  });

  await step("a crafted ?next= stays in the console", async () => {
    // As an attacker writes them in a link: the browser drops the tab of %09, and reads \\ as /.
    for (const next of ["/%09/evil.example/", "//evil.example", "/%5Cevil.example", "javascript:alert(1)"]) {
      await page.goto(`/console/signin?next=${next}`);
      await page.waitForURL((url) => url.origin === new URL(base).origin && url.pathname.startsWith("/console/")
        && !url.pathname.startsWith("/console/signin"));
      await page.locator("h1").waitFor(); // a page, not a blank one
    }
  });

  await step("the account page", async () => {
    await page.getByRole("link", { name: `Account of ${ada.username}` }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await page.getByText(ada.email).waitFor();
    await accessible(page, "account");
    await shot(page, "08-account");
  });

  await step("e-mail preferences: every kind on, one turned off stays off after a reload", async () => {
    await page.getByRole("heading", { name: "E-mail" }).waitFor();
    const expiry = page.getByRole("checkbox", { name: /expiry is near/ });
    if (!(await expiry.isChecked())) throw new Error("a kind of e-mail is off for a new account");
    await expiry.uncheck();
    await page.getByRole("button", { name: "Save e-mail preferences" }).click();
    await page.getByText("E-mail preferences saved.").waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "E-mail" }).waitFor();
    await page.getByRole("checkbox", { name: /run of a cluster failed/ }).waitFor();
    if (await page.getByRole("checkbox", { name: /expiry is near/ }).isChecked()) {
      throw new Error("the kind turned off came back on");
    }
    const asked = await page.evaluate(async () => (await fetch("/me/notifications/email")).json());
    if (asked.kinds["cluster.expiring"] !== false || asked.kinds["cluster.run-failed"] !== true) {
      throw new Error(`the API says ${JSON.stringify(asked)}`);
    }
    await accessible(page, "e-mail preferences");
  });

  await step("API tokens: made with scopes and shown once, used by a script, listed with its last use, revoked",
    async () => {
      await page.getByRole("heading", { name: "API tokens" }).waitFor();
      await page.getByLabel("Token name").fill("journey script");
      await page.getByRole("checkbox", { name: /^clusters:write/ }).check();
      await page.getByRole("button", { name: "Create token" }).click();
      const shown = page.getByLabel("New API token");
      await shown.waitFor();
      const token = (await shown.inputValue()).trim();
      if (!/^skp_[0-9A-Za-z]{36}$/.test(token)) throw new Error(`not a token: ${token}`);
      const used = await fetch(`${base}/clusters`, { headers: { Authorization: `Bearer ${token}` } });
      if (used.status !== 200) throw new Error(`a script's request with the token answered ${used.status}`);
      await page.reload();
      await page.getByRole("heading", { name: "API tokens" }).waitFor();
      const row = page.getByRole("row", { name: /journey script/ });
      await row.getByText(/ from /).waitFor();
      if ((await page.getByLabel("New API token").count()) !== 0) throw new Error("the token was shown again");
      await accessible(page, "api tokens");
      await shot(page, "09-api-tokens");
      await page.getByRole("button", { name: "Revoke journey script" }).click();
      await row.waitFor({ state: "detached" });
      const revoked = await fetch(`${base}/clusters`, { headers: { Authorization: `Bearer ${token}` } });
      if (revoked.status !== 401) throw new Error(`the revoked token answered ${revoked.status}`);
    });

  await step("the activity page: what the person did, refusals with their reason, filtered by action", async () => {
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await page.getByRole("heading", { name: "Activity", exact: true }).waitFor();
    await page.getByRole("rowheader", { name: "create cluster" }).first().waitFor();
    await page.getByRole("rowheader", { name: "connect cloud account" }).first().waitFor();
    await page.getByRole("cell", { name: /^refused: / }).first().waitFor();
    await accessible(page, "activity");
    await shot(page, "08b-activity");
    await page.getByLabel("Action").fill("createCluster");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/\/console\/activity\?action=createCluster$/);
    await page.getByRole("rowheader", { name: "create cluster" }).first().waitFor();
    // The unfiltered table may still be on screen, or already gone while the filtered one loads: wait for the
    // filtered answer (its rows), then every row must be the one action.
    const filtered = (actions) => actions.length > 0 && actions.every((action) => action.startsWith("create cluster"));
    let actions = await page.getByRole("rowheader").allTextContents();
    for (let tries = 0; !filtered(actions) && tries < 50; tries++) {
      await page.waitForTimeout(100);
      actions = await page.getByRole("rowheader").allTextContents();
    }
    if (!filtered(actions)) {
      throw new Error(`the filter let other actions through: ${actions.join(", ")}`);
    }
  });

  await step("an administrator sees the users", async () => {
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users" }).waitFor();
    await page.getByRole("rowheader", { name: ada.username }).waitFor();
    const mine = page.getByRole("checkbox", { name: `${ada.username} is an administrator` });
    if (!(await mine.isChecked())) throw new Error("the administrator is not shown as one");
    await accessible(page, "users");
    await shot(page, "10-users");
  });

  await step("an administrator reads one person's activity from the users page", async () => {
    await page.getByRole("link", { name: `Activity of ${ada.username}` }).click();
    await page.getByRole("heading", { name: "All activity" }).waitFor();
    await page.getByRole("rowheader", { name: "create cluster" }).first().waitFor();
    if (!(await page.getByLabel("Person (id)").inputValue())) throw new Error("the person's filter is not shown");
    await accessible(page, "all activity");
    await shot(page, "10b-all-activity");
  });

  await step("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/console\/signin/);
    await page.goto("/console/clusters");
    await page.waitForURL(/\/console\/signin/);
  });

  await step("forgot the password: the mailed reset page sets a new one, which signs in", async () => {
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("E-mail").fill(ada.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByRole("status").waitFor();
    const link = await outboxLink("/auth/password/reset?token=");
    if (!link) throw new Error("no reset link in the outbox");
    await page.goto(link);
    ada.password = "a freshly reset passphrase";
    await page.getByLabel(/New password/).fill(ada.password);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByLabel("E-mail or username").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Clusters" }).waitFor();
  });

  await step("narrow and dark: the clusters page at 375 px in the dark scheme", async () => {
    const phone = await newPerson({ viewport: { width: 375, height: 740 }, colorScheme: "dark" });
    await phone.page.goto("/console/signin");
    await phone.page.getByLabel("E-mail or username").fill(ada.username);
    await phone.page.getByLabel("Password").fill(ada.password);
    await phone.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await phone.page.getByRole("heading", { name: "Clusters" }).waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`the page is ${overflow}px wider than a 375px screen`);
    await accessible(phone.page, "clusters-dark-375");
    await shot(phone.page, "09-clusters-dark-375");
    await phone.context.close();
  });

  await step("two-factor sign-in: enrol with the QR code, keep the recovery codes, sign in with one", async () => {
    const mo = { email: `mo-${stamp}@example.com`, username: `mo-${stamp}`, password: "correct horse battery staple" };
    const json = { "Content-Type": "application/json" };
    await fetch(`${base}/auth/signup`, { method: "POST", headers: json, body: JSON.stringify(mo) });
    let link;
    for (let tries = 0; !link && tries < 50; tries++) {
      const mails = await (await fetch(`${base}/local/outbox`)).json();
      link = mails.filter((mail) => mail.to === mo.email).flatMap((mail) => mail.links)
        .find((l) => l.includes("/auth/verify?token="));
      if (!link) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!link) throw new Error("no verification mail for the two-factor person");
    const verified = await fetch(`${base}/auth/verify`, { method: "POST", headers: json,
      body: JSON.stringify({ token: new URL(link).searchParams.get("token") }) });
    if (!verified.ok) throw new Error(`verification refused: ${verified.status}`);
    const visitor = await newPerson();
    await visitor.page.goto("/console/signin?next=%2Faccount");
    await visitor.page.getByLabel("E-mail or username").fill(mo.username);
    await visitor.page.getByLabel("Password").fill(mo.password);
    await visitor.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await visitor.page.getByRole("heading", { name: "Your account" }).waitFor();
    await visitor.page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await visitor.page.getByRole("img", { name: "QR code of the two-factor secret" }).waitFor();
    await accessible(visitor.page, "two-factor-enrolment");
    const secret = (await visitor.page.locator("code.secret").textContent()).trim();
    // The server's clock (the test's, standing still) decides the step: the code is made for its time.
    const code = generateSync({ secret, epoch: Number(serverEpoch ?? Math.floor(Date.now() / 1000)) });
    await visitor.page.getByLabel("Code from the app").fill(code);
    await visitor.page.getByRole("button", { name: "Turn on" }).click();
    const first = visitor.page.locator(".recovery-codes code").first();
    await first.waitFor();
    const recovery = (await first.textContent()).trim();
    if ((await visitor.page.locator(".recovery-codes code").count()) !== 10) throw new Error("not ten recovery codes");
    await accessible(visitor.page, "two-factor");
    await shot(visitor.page, "11-two-factor");
    await visitor.page.getByRole("button", { name: "I have saved them" }).click();

    await visitor.page.getByRole("button", { name: "Sign out" }).click();
    await visitor.page.waitForURL(/\/console\/signin/);
    await visitor.page.getByLabel("E-mail or username").fill(mo.username);
    await visitor.page.getByLabel("Password").fill(mo.password);
    await visitor.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await visitor.page.getByRole("heading", { name: "Second step" }).waitFor();
    await visitor.page.getByRole("button", { name: "Use a recovery code" }).click();
    await visitor.page.getByLabel("Recovery code").fill(recovery);
    await visitor.page.getByRole("button", { name: "Verify" }).click();
    // Signed in again, back where the person was (the sign-out kept the page as ?next=).
    await visitor.page.getByRole("link", { name: `Account of ${mo.username}` }).waitFor();
    if (visitor.page.url().includes("/signin")) throw new Error("still on the sign-in page");
    await visitor.context.close();
  });

  await step("sign in with Google: a new person lands in the console, then deletes the account", async () => {
    const visitor = await newPerson();
    await visitor.page.goto("/console/signin?next=%2Fcloud-accounts");
    await visitor.page.getByRole("button", { name: "Sign in with Google" }).click();
    await visitor.page.waitForURL(/\/console\/cloud-accounts$/);
    await visitor.page.getByRole("heading", { name: "Cloud accounts" }).waitFor();
    if (visitor.page.url().includes("id_token")) throw new Error("the ID token stayed in the address");
    await accessible(visitor.page, "signed-in-with-google");

    // Without a password, deleting the account is confirmed through Google after typing the username.
    const account = visitor.page.getByRole("link", { name: /^Account of / });
    const username = (await account.getAttribute("aria-label")).replace("Account of ", "");
    await account.click();
    await visitor.page.getByRole("heading", { name: "Your account" }).waitFor();
    const confirm = visitor.page.getByRole("button", { name: "Confirm with Google and delete my account" });
    if (await confirm.isEnabled()) throw new Error("the account can be deleted without typing its name");
    await visitor.page.getByLabel(`Type ${username} to confirm`).fill(username);
    await confirm.click();
    await visitor.page.waitForURL(/\/console\/signin\?deleted=1/);
    await visitor.page.getByText("Your account is deleted.").waitFor();
    await visitor.context.close();
  });
} finally {
  await browser.close();
  process.stdout.write(JSON.stringify(report) + "\n");
}
if (report.failed) process.exit(1);
