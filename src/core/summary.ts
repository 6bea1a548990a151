import type { Finding, InputError } from './finding.js';
import type { Summary } from './result.js';

export function summarize(findings: Finding[], inputErrors: InputError[], files: number, objects: number): Summary {
  const bySeverity = { error: 0, warning: 0, info: 0 };
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else bySeverity[f.severity]++;
  }
  return { files, objects, bySeverity, suppressed, inputErrors: inputErrors.length };
}
