import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

// A CommonJS module whose `default` is itself: under nodenext the default import is the whole module.
const addFormats = ajvFormats.default;

function load(path: string): object {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as object;
}

/** Our own schema must also pass ajv's strict mode: it is published and should be unambiguous. */
export function reportValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(load('../../schema/report-v1.json'));
}

/** The official schema lists `required` names inside `anyOf` branches, which only strict mode rejects. */
export function sarifValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(load('../schemas/sarif-2.1.0.json'));
}
