#!/usr/bin/env node
// Usage: node tests/js/schema-check.mjs FILE...
//
// Checks each YAML file of a plan against kep's JSON Schema: a file whose parent folder is named
// `fields` against schema/field.schema.json, any other against schema/plan.schema.json. Prints one
// line per file:
//   <file>\tvalid
//   <file>\tinvalid\t<Ajv errors joined by '; '>
//   <file>\tparse-error\t<message>
// Exits 0 whatever the verdicts; 2 if the script itself fails (bad usage, unreadable schema).

async function main(argv) {
  // Imported here so that a missing node_modules (run `npm ci` in tests/js) also exits 2.
  const { checkFile, formatLine } = await import("./schema-lib.mjs");
  const files = argv.slice(2);
  if (files.length === 0 || files.includes("-h") || files.includes("--help")) {
    process.stderr.write("usage: schema-check.mjs FILE...\n");
    return files.length === 0 ? 2 : 0;
  }
  for (const file of files) {
    process.stdout.write(formatLine(file, checkFile(file)) + "\n");
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv);
} catch (e) {
  const hint = e && e.code === "ERR_MODULE_NOT_FOUND" ? " (run `npm ci` in tests/js first)" : "";
  process.stderr.write(`schema-check: ${e && e.message ? e.message : e}${hint}\n`);
  process.exitCode = 2;
}
