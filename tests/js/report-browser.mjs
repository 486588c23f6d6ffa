#!/usr/bin/env node
// Usage: node tests/js/report-browser.mjs KEP_BINARY OUT_DIR
//
// Opens the HTML report in a real browser: Debian's chromium (/usr/bin/chromium, or
// $KEP_CHROMIUM) driven by playwright-core, headless, with a fresh profile. It renders
//   KEP_BINARY report --plan <repo>/plan --today 2026-11-27 --no-commit -o OUT_DIR/report.html
// and the same for the fixture tests/fixtures/query/plan (OUT_DIR/fixture.html), and checks:
//   - no request leaves the page: every request other than the report's own file:// URL is
//     blocked and counted, and the count must be 0;
//   - the figures on the page (data-figure attributes: total, done, overdue, the done share, per
//     status, Ampel, phase and field, and the number of measure rows) equal
//     `KEP_BINARY status --format json` for the same plan and day;
//   - the fixture's measure titled `<script>alert(1)</script>` shows as that text: no dialog
//     opens, the page has no <script> element;
//   - <html lang> is the plan's language, headings go down one level at a time;
//   - axe-core finds no serious or critical violation, at 1280 px and at 375 px;
//   - at 375 px the page is no wider than the screen;
//   - the print stylesheet breaks pages between fields, repeats table headers, keeps colours.
// It writes desktop.png (1280 px wide, full page), phone.png (375 px), report.pdf (A4) and the
// same for the fixture (fixture-*.png, fixture.pdf) into OUT_DIR for a person to look at.
// Prints each failure; exits 0 when all pass, 1 otherwise, 2 if it cannot run at all.

import { spawnSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

import { checkHeadings, compareFigures, readFigures, runAxe } from "./report-checks.mjs";

const TODAY = "2026-11-27";
const CHROMIUM = process.env.KEP_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic",
];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

const [kep, outArg] = process.argv.slice(2);
if (!kep || !outArg) {
  console.error("usage: node tests/js/report-browser.mjs KEP_BINARY OUT_DIR");
  process.exit(2);
}
const repo = fileURLToPath(new URL("../..", import.meta.url));
const outDir = path.resolve(outArg);
mkdirSync(outDir, { recursive: true });

function runKep(args) {
  const r = spawnSync(kep, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.error || r.status !== 0)
    throw new Error(`kep ${args.join(" ")} failed (${r.error ?? `exit ${r.status}`}):\n${r.stderr}`);
  return r.stdout;
}

const reports = [
  { name: "plan", plan: path.join(repo, "plan"), lang: "de", html: "report.html",
    pdf: "report.pdf", desktop: "desktop.png", phone: "phone.png" },
  { name: "fixture", plan: path.join(repo, "tests/fixtures/query/plan"), lang: "de",
    injected: "<script>alert(1)</script>", html: "fixture.html", pdf: "fixture.pdf",
    desktop: "fixture-desktop.png", phone: "fixture-phone.png" },
];

const failures = [];
const log = (line) => console.log(line);

async function checkPrint(name, page) {
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => {
    const fields = [...document.querySelectorAll("section.field")];
    const style = (el) => (el ? getComputedStyle(el) : null);
    return {
      fieldBreaks: fields.slice(1).map((s) => getComputedStyle(s).breakBefore),
      theads: [...document.querySelectorAll("thead")].map((t) => getComputedStyle(t).display),
      rows: [...document.querySelectorAll("tbody tr")].map((r) => getComputedStyle(r).breakInside),
      colourAdjust: style(document.querySelector(".ampel"))?.printColorAdjust,
    };
  });
  await page.emulateMedia({ media: null });
  const out = [];
  if (print.fieldBreaks.some((b) => b !== "page"))
    out.push(`${name}: print: not every field after the first starts a page`);
  if (print.theads.some((d) => d !== "table-header-group"))
    out.push(`${name}: print: a table header does not repeat on each page`);
  if (print.rows.some((b) => b !== "avoid")) out.push(`${name}: print: a table row may be cut`);
  if (print.colourAdjust !== "exact") out.push(`${name}: print: Ampel colours may be dropped`);
  return out;
}

async function checkReport(browser, report) {
  const file = path.join(outDir, report.html);
  runKep(["report", "--plan", report.plan, "--today", TODAY, "--no-commit", "-o", file]);
  const status = JSON.parse(runKep(["status", "--plan", report.plan, "--today", TODAY,
                                    "--format", "json"]));
  const url = pathToFileURL(file).href;

  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
  const requests = [];
  context.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await context.route("**/*", (route) =>
    route.request().url() === url ? route.continue() : route.abort());
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));

  await page.goto(url, { waitUntil: "load" });
  const name = report.name;
  const out = [];

  const facts = await page.evaluate(() => ({
    scripts: document.querySelectorAll("script").length,
    lang: document.documentElement.lang,
  }));
  if (facts.scripts) out.push(`${name}: the page has ${facts.scripts} <script> element(s)`);
  if (facts.lang !== report.lang) out.push(`${name}: <html lang="${facts.lang}">, want "${report.lang}"`);
  if (report.injected) {
    const text = page.getByText(report.injected, { exact: false });
    const n = await text.count();
    if (n === 0 || !(await text.first().isVisible()))
      out.push(`${name}: the text ${report.injected} is not visible on the page`);
  }

  const shown = await readFigures(page);
  out.push(...compareFigures(name, shown, status));
  if (shown.today !== status.today.split("-").reverse().join("."))
    out.push(`${name}: the report's date shows ${shown.today}, want ${status.today}`);
  out.push(...(await checkHeadings(name, page)));
  out.push(...(await checkPrint(name, page)));

  await page.screenshot({ path: path.join(outDir, report.desktop), fullPage: true });
  out.push(...(await runAxe(`${name} at ${DESKTOP.width} px`, page, log)));

  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width + 1)
    out.push(`${name}: at ${PHONE.width} px the page is ${width} px wide (scrolls sideways)`);
  await page.screenshot({ path: path.join(outDir, report.phone), fullPage: true });
  out.push(...(await runAxe(`${name} at ${PHONE.width} px`, page, log)));

  const pdf = path.join(outDir, report.pdf);
  await page.pdf({ path: pdf, format: "A4", printBackground: true });
  if (statSync(pdf).size < 1000) out.push(`${name}: the PDF is (nearly) empty`);

  if (dialogs.length) out.push(`${name}: a dialog opened: ${dialogs.join("; ")}`);
  if (errors.length) out.push(`${name}: script errors on the page: ${errors.join("; ")}`);
  if (requests.length)
    out.push(`${name}: ${requests.length} request(s) besides the page: ${requests.join(", ")}`);
  await context.close();
  log(`${name}: ${out.length ? `${out.length} failure(s)` : "ok"} (${file})`);
  return out;
}

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  for (const report of reports) failures.push(...(await checkReport(browser, report)));
} catch (error) {
  console.error(`report-browser: cannot run: ${error.stack ?? error}`);
  await browser?.close();
  process.exit(2);
}
await browser.close();

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`report browser test: ${failures.length} failure(s); screenshots and PDFs in ${outDir}`);
process.exit(failures.length ? 1 : 0);
