// The console's budgets, measured in a real browser against a running local platform (the bench profile's
// ConsoleBench starts it and writes the status changes): node src/test/browser/budgets.mjs <base url> <cluster url>
// <login> <password>. Reads "STATUS" lines on stdin, one per status the bench has just written to the clusters
// table, and answers each with the milliseconds until the open cluster page showed it. Prints figures, asserts nothing.
import { chromium } from "playwright-core";
import { gzipSync } from "node:zlib";
import { createInterface } from "node:readline";

const [base, clusterUrl, login, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const out = (figure) => process.stdout.write(JSON.stringify(figure) + "\n");
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// 1. What a first visit downloads before the page can run: the scripts index.html loads, gzipped.
const index = await (await fetch(`${base}/console/`)).text();
let scriptBytes = 0;
let gzipped = 0;
for (const [, src] of index.matchAll(/<script[^>]+src="([^"]+)"/g)) {
  const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
  scriptBytes += body.length;
  gzipped += gzipSync(body, { level: 9 }).length;
}
out({ figure: "initial JavaScript", bytes: scriptBytes, gzipped_bytes: gzipped, budget_gzipped_bytes: 200 * 1024 });

// 2. First page interactive: a new browser profile (nothing cached) until the sign-in button can be pressed.
const firstVisit = [];
for (let i = 0; i < 15; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${base}/console/signin`);
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
  firstVisit.push(Date.now() - started);
  await context.close();
}
firstVisit.sort((a, b) => a - b);
out({ figure: "first page interactive (sign-in, empty cache)", samples: firstVisit.length,
  p50_ms: percentile(firstVisit, 0.5), p90_ms: percentile(firstVisit, 0.9), max_ms: firstVisit.at(-1),
  budget_ms: 1000 });

// 3. A status written to the table, until the open cluster page shows it.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/console/signin`);
await page.getByLabel("E-mail or username").fill(login);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.getByRole("heading", { name: "Clusters" }).waitFor();
await page.goto(clusterUrl);
await page.getByText("Live", { exact: true }).waitFor();
await page.locator("h1 .status").waitFor();
out({ ready: true });

const latencies = [];
for await (const line of createInterface({ input: process.stdin })) {
  const status = line.trim();
  if (!status) break;
  const started = process.hrtime.bigint();
  await page.waitForFunction((wanted) => document.querySelector("h1 .status")?.textContent === wanted, status,
    { polling: "raf", timeout: 30_000 });
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  out({ shown: status });
}
latencies.sort((a, b) => a - b);
out({ figure: "status written to the table, until the open cluster page shows it", samples: latencies.length,
  p50_ms: +percentile(latencies, 0.5).toFixed(1), p90_ms: +percentile(latencies, 0.9).toFixed(1),
  p99_ms: +percentile(latencies, 0.99).toFixed(1), max_ms: +latencies.at(-1).toFixed(1), budget_p99_ms: 1000 });
await browser.close();
