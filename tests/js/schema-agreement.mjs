#!/usr/bin/env node
// Usage: node tests/js/schema-agreement.mjs KEP_BINARY FIXTURES_DIR
//
// Tests that a standard JSON Schema validator (Ajv, draft-07, on js-yaml's YAML 1.2 core schema)
// and `kep validate` agree about the fixtures. For every FIXTURES_DIR/<case>/ that has a plan/
// folder it runs, in FIXTURES_DIR,
//   KEP_BINARY validate --plan <case>/plan --format json --today 2026-11-27
// and checks <case>/plan/plan.yaml and <case>/plan/fields/*.yaml against schema/*.schema.json.
// Per file:
//   - schema "invalid"      => kep reports an error with a schema-judgeable rule in that file;
//   - kep reports an error with a schema-judgeable rule => schema says "invalid" or "parse-error";
//   - schema "parse-error"  => kep reports an error (any rule) in that file.
// FIXTURES_DIR/schema-skip.txt lists files (paths relative to FIXTURES_DIR, one a line, '#' starts
// a comment) where the YAML parsers or the two checkers legitimately differ and kep is the
// stricter one. For a listed file these are not disagreements:
//   - schema "parse-error" and kep reports no error (the two YAML parsers differ);
//   - kep reports a schema-judgeable error, the schema finds the file valid (e.g. due: 2024-02-30,
//     which the schema's date pattern cannot reject, or kep: 1.0, which JSON cannot tell from 1);
//   - the schema finds the file invalid and kep reports an error of another rule (e.g.
//     not-a-field, yaml-too-deep, unknown-immediate).
// Never skipped: the schema finds the file invalid (or cannot parse it) and kep reports no error.
//
// Then the same with the plan's own schemas, `kep schema plan|field --for-plan --plan <case>/plan`,
// which also judge the rules unknown-phase, unknown-status, unknown-theme (field files) and
// unknown-immediate (plan.yaml). kep refuses to make them exactly when kep validate reports an
// error in plan.yaml; that is checked too, and such a case has no second pass.
//
// Prints one line per disagreement, then `schema agreement: N files, M disagreements`.
// Exits 0 without disagreements, 1 with, 2 if the script itself fails.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const TODAY = "2026-11-27";

/** The kep rules a JSON Schema can judge too. */
const SCHEMA_RULES = new Set([
  "wrong-type", "unknown-key", "missing-key", "bad-date", "bad-value",
  "measure-id-format", "format-version", "missing-title",
]);

/** What the plan's own schemas judge besides. */
const PLAN_SCHEMA_RULES = new Set([
  ...SCHEMA_RULES, "unknown-phase", "unknown-status", "unknown-theme", "unknown-immediate",
]);

const oneLine = (s) => String(s).replace(/\s*[\r\n]+\s*/g, " ").replace(/\t/g, " ").trim();
const toPosix = (p) => p.split(path.sep).join("/");
const isDir = (p) => { try { return statSync(p).isDirectory(); } catch { return false; } };
const isFile = (p) => { try { return statSync(p).isFile(); } catch { return false; } };

function readSkipList(fixturesDir) {
  const file = path.join(fixturesDir, "schema-skip.txt");
  const skip = new Set();
  if (!existsSync(file)) return skip;
  for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line) skip.add(toPosix(path.normalize(line)));
  }
  return skip;
}

/** <case>/plan/plan.yaml and <case>/plan/fields/*.yaml that exist, as absolute paths. */
function yamlFilesOf(planDir) {
  const files = [];
  const planYaml = path.join(planDir, "plan.yaml");
  if (isFile(planYaml)) files.push(planYaml);
  const fieldsDir = path.join(planDir, "fields");
  if (isDir(fieldsDir)) {
    for (const name of readdirSync(fieldsDir).sort()) {
      const p = path.join(fieldsDir, name);
      if (name.endsWith(".yaml") && isFile(p)) files.push(p);
    }
  }
  return files;
}

/** Runs kep on one fixture; returns {findings} or {failure: "..."}. */
function runKep(kepBin, fixturesDir, caseName) {
  const planArg = `${caseName}/plan`;
  const r = spawnSync(kepBin, ["validate", "--plan", planArg, "--format", "json", "--today", TODAY], {
    cwd: fixturesDir, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && r.error.code === "ETIMEDOUT") return { failure: "kep timed out after 120 s" };
  if (r.error) throw new Error(`cannot run ${kepBin}: ${r.error.message}`);
  const why = `kep exited ${r.status === null ? `by signal ${r.signal}` : r.status}`;
  if (![0, 1, 3].includes(r.status)) {
    return { failure: `${why}: ${oneLine(r.stderr || r.stdout || "").slice(0, 300)}` };
  }
  let findings;
  try {
    findings = JSON.parse(r.stdout);
  } catch (e) {
    return { failure: `${why} and its stdout is not JSON (${oneLine(e.message)}): ${oneLine(r.stderr || "").slice(0, 300)}` };
  }
  if (!Array.isArray(findings)) return { failure: `${why} and its stdout is not a JSON array` };
  return { findings, exitCode: r.status };
}

/**
 * The plan's own schemas of one fixture: {schemas: {plan, field}} (parsed JSON), {refused: true}
 * when kep exits 1 or 3 (an error in plan.yaml), or {failure: "..."}.
 */
function runKepSchemas(kepBin, fixturesDir, caseName) {
  const schemas = {};
  for (const which of ["plan", "field"]) {
    const r = spawnSync(kepBin, ["--plan", `${caseName}/plan`, "--today", TODAY, "schema", which, "--for-plan"], {
      cwd: fixturesDir, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) return { failure: `kep schema ${which} --for-plan: ${r.error.message}` };
    if (r.status === 1 || r.status === 3) return { refused: true };
    if (r.status !== 0) return { failure: `kep schema ${which} --for-plan exited ${r.status}: ${oneLine(r.stderr).slice(0, 300)}` };
    try {
      schemas[which] = JSON.parse(r.stdout);
    } catch (e) {
      return { failure: `kep schema ${which} --for-plan printed no JSON (${oneLine(e.message)})` };
    }
  }
  return { schemas };
}

function describeKep(findings) {
  if (findings.length === 0) return "none";
  return findings.map((f) => `${f.severity}:${f.rule}`).join(", ");
}

async function main(argv) {
  const { checkFile, compileSchemas } = await import("./schema-lib.mjs");
  if (argv.length !== 4) {
    process.stderr.write("usage: schema-agreement.mjs KEP_BINARY FIXTURES_DIR\n");
    return 2;
  }
  // A binary named with a path is taken relative to the current folder; a bare name from PATH.
  const kepBin = argv[2].includes("/") ? path.resolve(argv[2]) : argv[2];
  const fixturesDir = path.resolve(argv[3]);
  if (!isDir(fixturesDir)) throw new Error(`not a folder: ${argv[3]}`);

  const skip = readSkipList(fixturesDir);
  const usedSkips = new Set();
  const cases = readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => isDir(path.join(fixturesDir, d.name)) && isDir(path.join(fixturesDir, d.name, "plan")))
    .map((d) => d.name)
    .sort();

  let fileCount = 0;
  let disagreements = 0;
  const disagree = (caseName, file, schema, kep, why) => {
    disagreements++;
    process.stdout.write(`DISAGREE\t${caseName}\t${file}\tschema: ${schema}\tkep: ${kep}\t${why}\n`);
  };

  /** Compares the schema's verdict on each file (schema/*.json, or `validators`) with kep's. */
  const compareFiles = (caseName, caseDir, files, byFile, validators, rules, label) => {
    for (const abs of files) {
      const rel = toPosix(path.relative(fixturesDir, abs));
      const inCase = toPosix(path.relative(caseDir, abs));
      const res = checkFile(abs, validators);
      const kepAll = byFile.get(abs) || [];
      const kepErrors = kepAll.filter((f) => f.severity === "error");
      const judgeable = kepErrors.filter((f) => rules.has(f.rule));
      const detail = res.detail.length > 400 ? `${res.detail.slice(0, 400)}…` : res.detail;
      const schema = res.verdict === "valid" ? "valid" : `${res.verdict} (${detail})`;
      const kep = describeKep(kepAll);
      const skipped = skip.has(rel);

      if (res.verdict === "invalid" && judgeable.length === 0) {
        if (skipped && kepErrors.length > 0) {
          usedSkips.add(rel);
          process.stderr.write(`skipped (schema-skip.txt): ${label}${rel}: the schema finds it invalid, kep reports ${describeKep(kepErrors)}\n`);
        } else {
          disagree(caseName, inCase, schema, kep, label + "the schema finds the file invalid, kep reports no error of a schema-judgeable rule");
        }
      }
      if (res.verdict === "valid" && judgeable.length > 0) {
        if (skipped) {
          usedSkips.add(rel);
          process.stderr.write(`skipped (schema-skip.txt): ${label}${rel}: kep reports ${describeKep(judgeable)}, the schema finds it valid\n`);
        } else {
          disagree(caseName, inCase, schema, kep, label + "kep reports an error of a schema-judgeable rule, the schema finds the file valid");
        }
      }
      if (res.verdict === "parse-error" && kepErrors.length === 0) {
        if (skipped) {
          usedSkips.add(rel);
          process.stderr.write(`skipped (schema-skip.txt): ${label}${rel}: js-yaml cannot parse it, kep reports no error\n`);
        } else {
          disagree(caseName, inCase, schema, kep, label + "js-yaml cannot parse the file, kep reports no error in it");
        }
      }
    }
  };

  for (const caseName of cases) {
    const caseDir = path.join(fixturesDir, caseName);
    const files = yamlFilesOf(path.join(caseDir, "plan"));
    fileCount += files.length;
    const run = runKep(kepBin, fixturesDir, caseName);
    if (run.failure) {
      disagree(caseName, "-", "-", "-", run.failure);
      continue;
    }
    const byFile = new Map();
    for (const f of run.findings) {
      if (!f || typeof f.file !== "string") continue;
      const key = path.resolve(fixturesDir, f.file);
      if (!byFile.has(key)) byFile.set(key, []);
      byFile.get(key).push(f);
    }
    compareFiles(caseName, caseDir, files, byFile, null, SCHEMA_RULES, "");

    const own = runKepSchemas(kepBin, fixturesDir, caseName);
    const planYaml = path.join(caseDir, "plan", "plan.yaml");
    const planErrors = (byFile.get(planYaml) || []).filter((f) => f.severity === "error");
    if (own.failure) {
      disagree(caseName, "-", "-", "-", own.failure);
    } else if (Boolean(own.refused) !== (planErrors.length > 0)) {
      disagree(caseName, "plan/plan.yaml", own.refused ? "kep schema --for-plan refused" : "kep schema --for-plan made",
        describeKep(planErrors), "kep schema --for-plan refuses exactly when plan.yaml has errors");
    } else if (own.schemas) {
      const validators = compileSchemas(own.schemas.plan, own.schemas.field);
      compareFiles(caseName, caseDir, files, byFile, validators, PLAN_SCHEMA_RULES, "the plan's own schema: ");
    }
  }

  for (const rel of [...skip].sort()) {
    if (!usedSkips.has(rel)) process.stderr.write(`note: schema-skip.txt names ${rel}, but no disagreement there needed it (stale entry?)\n`);
  }
  if (cases.length === 0) process.stderr.write(`note: no <case>/plan/ folders in ${fixturesDir}\n`);
  process.stdout.write(`schema agreement: ${fileCount} files, ${disagreements} disagreements\n`);
  return disagreements > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv);
} catch (e) {
  const hint = e && e.code === "ERR_MODULE_NOT_FOUND" ? " (run `npm ci` in tests/js first)" : "";
  process.stderr.write(`schema-agreement: ${e && e.message ? e.message : e}${hint}\n`);
  process.exitCode = 2;
}
