import type { Evidence, Finding, InputError, Subject } from '../core/finding.js';
import type { RunResult } from '../core/result.js';
import type { LogFacts } from '../model/logs.js';
import type { ImageInspection } from '../model/image-index.js';

export const REPORT_SCHEMA_URL = 'https://kubewhy.dev/schema/report-v1.json';

/**
 * The machine-readable report (schema/report-v1.json). Fields are copied one by one rather than
 * serialising the in-memory objects, so an internal field added later cannot leak into a
 * published, versioned format by accident.
 */
export function formatJson(r: RunResult): string {
  const doc = {
    $schema: REPORT_SCHEMA_URL,
    version: 1,
    tool: { name: r.tool.name, version: r.tool.version },
    command: r.command,
    summary: {
      files: r.summary.files,
      objects: r.summary.objects,
      bySeverity: {
        error: r.summary.bySeverity.error,
        warning: r.summary.bySeverity.warning,
        info: r.summary.bySeverity.info,
      },
      suppressed: r.summary.suppressed,
      inputErrors: r.summary.inputErrors,
    },
    inputErrors: r.inputErrors.map(inputError),
    findings: r.findings.map(finding),
    rules: r.rules.map((m) => ({ id: m.id, fault: m.fault, severity: m.severity, title: m.title })),
    ...(r.decoded ? { decoded: decoded(r.decoded) } : {}),
    ...(r.image ? { image: image(r.image) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function inputError(e: InputError): InputError {
  return { file: e.file, line: e.line, column: e.column, message: e.message };
}

function subject(s: Subject): Subject {
  return {
    span: s.span && {
      file: s.span.file,
      line: s.span.line,
      column: s.span.column,
      endLine: s.span.endLine,
      endColumn: s.span.endColumn,
    },
    object: s.object && {
      apiVersion: s.object.apiVersion,
      kind: s.object.kind,
      namespace: s.object.namespace,
      name: s.object.name,
    },
    fieldPath: s.fieldPath,
    container: s.container,
  };
}

function evidence(e: Evidence): Evidence {
  return { message: e.message, ...subject(e) };
}

function finding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    fault: f.fault,
    severity: f.severity,
    message: f.message,
    subject: subject(f.subject),
    evidence: f.evidence.map(evidence),
    fix: f.fix,
    verify: f.verify,
    fingerprint: f.fingerprint,
    suppressed: f.suppressed && { kind: f.suppressed.kind, source: f.suppressed.source },
  };
}

/** The decoded model is already the published shape (redacted when decoded); top-level fields are still listed. */
/** The image facts are plain data from the model (src/model/image.ts): no credential ever reaches them. */
function image(i: ImageInspection): ImageInspection {
  return {
    reference: i.reference,
    canonical: i.canonical,
    ...(i.digest ? { digest: i.digest } : {}),
    ...(i.tagDigest ? { tagDigest: i.tagDigest } : {}),
    multiPlatform: i.multiPlatform,
    platforms: i.platforms,
    inspected: i.inspected.map((p) => ({ platform: p.platform, manifestDigest: p.manifestDigest, cached: p.cached, facts: p.facts })),
    ...(i.error ? { error: i.error } : {}),
  };
}

function decoded(d: LogFacts): LogFacts {
  return {
    file: d.file,
    lines: d.lines,
    bytes: d.bytes,
    prefixes: d.prefixes,
    crashes: d.crashes,
    crashesOmitted: d.crashesOmitted,
    sched: d.sched,
    gc: d.gc,
    init: d.init,
    errors: d.errors,
    json: d.json,
    limits: d.limits,
  };
}
