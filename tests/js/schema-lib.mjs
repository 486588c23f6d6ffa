// Shared by schema-check.mjs and schema-agreement.mjs: loads kep's JSON Schemas (draft-07) from
// ../../schema/ relative to this file and checks one YAML file of a plan against the right one.
//
// YAML is read as a YAML 1.2 core-schema parser reads it (js-yaml CORE_SCHEMA): dates stay
// strings, an unquoted 4.8 is a number. More than one document, no document (an empty file),
// duplicate keys, syntax errors and bytes that are not UTF-8 are a "parse-error".

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { load as loadYaml, CORE_SCHEMA } from "js-yaml";

export const SCHEMA_DIR = fileURLToPath(new URL("../../schema/", import.meta.url));

let validators = null;

function loadValidators() {
  if (validators) return validators;
  const read = (name) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), "utf8"));
  validators = compileSchemas(read("plan.schema.json"), read("field.schema.json"));
  return validators;
}

/** Validators for other schemas than schema/*.json (e.g. `kep schema --for-plan`), for checkFile. */
export function compileSchemas(planSchema, fieldSchema) {
  // One Ajv each: the plan's schemas have the same $id as the embedded ones.
  const compile = (schema) => new Ajv({ allErrors: true, strict: false }).compile(schema);
  return { plan: compile(planSchema), field: compile(fieldSchema) };
}

/** "field" for a file whose parent folder is named `fields`, otherwise "plan". */
export function schemaKindFor(file) {
  return path.basename(path.dirname(path.resolve(file))) === "fields" ? "field" : "plan";
}

const oneLine = (s) => String(s).replace(/\s*[\r\n]+\s*/g, " ").replace(/\t/g, " ").trim();

function formatAjvError(e) {
  const where = e.instancePath === "" ? "/" : e.instancePath;
  let msg = `${where} ${e.message}`;
  const p = e.params || {};
  if (e.keyword === "additionalProperties" && p.additionalProperty !== undefined) {
    msg += ` '${p.additionalProperty}'`;
  } else if (e.keyword === "enum" && Array.isArray(p.allowedValues)) {
    msg += ` (${p.allowedValues.join(", ")})`;
  } else if (e.keyword === "const" && "allowedValue" in p) {
    msg += ` ${JSON.stringify(p.allowedValue)}`;
  }
  return oneLine(msg);
}

function formatYamlError(e) {
  if (e && e.name === "YAMLException") {
    const reason = e.reason || e.message;
    const at = e.mark && typeof e.mark.line === "number"
      ? ` (line ${e.mark.line + 1}, column ${e.mark.column + 1})` : "";
    return oneLine(reason + at);
  }
  return oneLine(e && e.message ? e.message : e);
}

/**
 * Checks one YAML file against schema/*.json, or against `schemas` from compileSchemas. Returns
 * {verdict: "valid"|"invalid"|"parse-error", detail: string, kind: "plan"|"field"}. Throws only
 * if the schemas themselves cannot be loaded.
 */
export function checkFile(file, schemas = null) {
  const { plan, field } = schemas || loadValidators();
  const kind = schemaKindFor(file);
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { verdict: "parse-error", detail: oneLine(`cannot read file: ${e.message}`), kind };
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { verdict: "parse-error", detail: "not valid UTF-8", kind };
  }
  let data;
  try {
    data = loadYaml(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    return { verdict: "parse-error", detail: formatYamlError(e), kind };
  }
  // A file that is empty or only comments holds no document: the format wants exactly one.
  const onlyComments = text.split(/\r?\n/).every((l) => /^\s*(#.*)?$/.test(l));
  if (data === undefined || (data === null && onlyComments)) {
    return { verdict: "parse-error", detail: "no YAML document (the file is empty or only comments)", kind };
  }
  const validate = kind === "field" ? field : plan;
  if (validate(data)) return { verdict: "valid", detail: "", kind };
  return { verdict: "invalid", detail: validate.errors.map(formatAjvError).join("; "), kind };
}

/** The line schema-check.mjs prints for a file. */
export function formatLine(file, result) {
  return result.verdict === "valid"
    ? `${file}\tvalid`
    : `${file}\t${result.verdict}\t${result.detail}`;
}
