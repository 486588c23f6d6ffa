// Checks of one opened HTML report, used by report-browser.mjs. Each check returns a list of
// failures (strings); an empty list means it passed.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

/** The numbers the report shows: the data-figure values, by scope, read from the page. */
export async function readFigures(page) {
  return page.evaluate(() => {
    const number = (el) => {
      const m = /-?\d+/.exec(el.textContent.replace(/\s/g, ""));
      return m ? Number(m[0]) : NaN;
    };
    const scoped = "[data-phase],[data-field],[data-status],[data-ampel]";
    const out = { summary: {}, status: {}, ampel: {}, phase: {}, field: {}, rows: {}, today: null };
    for (const el of document.querySelectorAll("[data-figure]")) {
      const figure = el.dataset.figure;
      if (figure === "today") {
        out.today = el.textContent.trim();
        continue;
      }
      const scope = el.closest(scoped);
      if (!scope) {
        (out.summary[figure] ??= []).push(number(el));
        continue;
      }
      for (const [key, attr] of [["status", "status"], ["ampel", "ampel"], ["phase", "phase"],
                                 ["field", "field"]]) {
        const id = scope.dataset[attr];
        if (id === undefined) continue;
        ((out[key][id] ??= {})[figure] ??= []).push(number(el));
      }
    }
    const count = (selector) => document.querySelectorAll(selector).length;
    out.rows.immediate = count("#sofort tbody tr");
    out.rows.overdue = count("#ueberfaellig tbody tr");
    out.rows.fields = {};
    for (const section of document.querySelectorAll("section.field[data-field]"))
      out.rows.fields[section.dataset.field] = section.querySelectorAll("tbody tr").length;
    return out;
  });
}

/** The page's figures against `kep status --format json`. */
export function compareFigures(name, shown, status) {
  const failures = [];
  const expect = (where, values, want) => {
    if (!values || values.length === 0) {
      failures.push(`${name}: ${where}: not on the page (want ${want})`);
      return;
    }
    for (const v of values)
      if (v !== want) failures.push(`${name}: ${where}: the page shows ${v}, kep status says ${want}`);
  };
  const counts = (where, shownScope, want) => {
    expect(`${where} total`, shownScope?.total, want.total);
    expect(`${where} done`, shownScope?.done, want.done);
    expect(`${where} overdue`, shownScope?.overdue, want.overdue);
  };
  counts("summary", shown.summary, status);
  expect("summary done share (%)", shown.summary.done_percent, Math.round(status.done_share * 100));
  for (const [id, n] of Object.entries(status.by_status))
    expect(`status ${id}`, shown.status[id]?.count, n);
  for (const [id, n] of Object.entries(status.ampel)) expect(`ampel ${id}`, shown.ampel[id]?.count, n);
  for (const p of status.phases) counts(`phase ${p.id}`, shown.phase[p.id], p);
  for (const f of status.fields) {
    counts(`field ${f.id}`, shown.field[f.id], f);
    expect(`field ${f.id} measure rows`, [shown.rows.fields[f.id]], f.total);
  }
  const extraFields = Object.keys(shown.rows.fields).filter(
    (id) => !status.fields.some((f) => f.id === id));
  if (extraFields.length) failures.push(`${name}: fields not in kep status: ${extraFields.join(", ")}`);
  expect("immediate rows", [shown.rows.immediate], status.immediate.length);
  expect("overdue rows", [shown.rows.overdue], status.overdue_measures.length);
  return failures;
}

/** The page's headings go down one level at a time, and there is one h1. */
export async function checkHeadings(name, page) {
  const levels = await page.evaluate(() =>
    [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])));
  const failures = [];
  if (levels.filter((l) => l === 1).length !== 1) failures.push(`${name}: not exactly one h1`);
  for (let i = 1; i < levels.length; ++i)
    if (levels[i] > levels[i - 1] + 1)
      failures.push(`${name}: heading h${levels[i]} follows h${levels[i - 1]} (heading ${i + 1})`);
  return failures;
}

/** axe-core's audit; serious and critical violations fail, the others are printed as notes. */
export async function runAxe(name, page, log) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  });
  const failures = [];
  for (const v of result) {
    const line = `${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} elements)`;
    const detail = v.nodes.slice(0, 5).map((n) => `    ${n}`).join("\n");
    if (v.impact === "serious" || v.impact === "critical") failures.push(`${line}\n${detail}`);
    else log(`note: ${line}\n${detail}`);
  }
  return failures;
}
