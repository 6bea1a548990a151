import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import type { Finding, InputError, Severity, Span, Subject, SuppressionKind } from '../core/finding.js';
import type { RunResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import { codeBlock, objectLabel, subjectLabel } from './shared.js';

export interface SarifOptions {
  /** Where `<rule-id>.md` pages live; GitHub links each alert's rule there. */
  docsBaseUrl?: string;
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/kubewhy/kubewhy';
const DEFAULT_DOCS = 'https://github.com/kubewhy/kubewhy/blob/main/docs/rules/';
const SRCROOT = '%SRCROOT%';
/** GitHub shows at most 10 tags and rejects more than 20. */
const MAX_TAGS = 20;

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** GitHub's own vocabulary for non-security alerts. */
const PROBLEM_SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'recommendation',
};

/** Annotations and comments sit next to the code they silence; config and baselines live elsewhere. */
const SUPPRESSION_KIND: Record<SuppressionKind, sarif.Suppression.kind> = {
  annotation: 'inSource',
  comment: 'inSource',
  config: 'external',
  baseline: 'external',
};

export function formatSarif(r: RunResult, opts: SarifOptions): string {
  const docsBase = opts.docsBaseUrl ?? DEFAULT_DOCS;
  const ruleIndex = new Map(r.rules.map((m, i) => [m.id, i]));
  const log: sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubewhy',
            semanticVersion: r.tool.version,
            informationUri: INFORMATION_URI,
            rules: r.rules.map((m) => rule(m, docsBase)),
          },
        },
        // Separate categories keep a lint upload from closing the alerts of an image scan.
        automationDetails: { id: `kubewhy/${r.command}/` },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(r.root) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            // Bad input is reported, not fatal: the run itself completed.
            executionSuccessful: true,
            toolExecutionNotifications: r.inputErrors.map(notification),
          },
        ],
        results: r.findings.map((f) => result(f, ruleIndex.get(f.ruleId))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rule(m: RuleMeta, docsBase: string): sarif.ReportingDescriptor {
  return {
    id: m.id,
    name: pascalCase(m.id),
    shortDescription: { text: m.title },
    fullDescription: { text: m.why },
    help: {
      text: `${m.why}\n\nFix: ${m.fix}\n\nVerify: ${m.verify}`,
      markdown: `${m.why}\n\n**Fix:** ${m.fix}\n\n**Verify:**\n\n${codeBlock(m.verify)}`,
    },
    helpUri: `${docsBase}${m.id}.md`,
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      tags: [...(m.tags ?? [])].slice(0, MAX_TAGS),
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[m.severity],
      fault: m.fault,
    },
  };
}

function result(f: Finding, index: number | undefined): sarif.Result {
  const location = primaryLocation(f.subject);
  const related = f.evidence.flatMap((e) => (e.span ? [{ message: e.message, span: e.span }] : []));
  const unlocated = f.evidence.filter((e) => e.span === undefined);
  const out: sarif.Result = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.message },
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
  };
  if (index !== undefined) out.ruleIndex = index;
  if (location) out.locations = [location];
  if (related.length > 0) {
    out.relatedLocations = related.map((e, id) => ({
      id,
      message: { text: e.message },
      physicalLocation: physical(e.span),
    }));
  }
  if (f.suppressed) {
    out.suppressions = [
      {
        kind: SUPPRESSION_KIND[f.suppressed.kind],
        justification: `${f.suppressed.kind}: ${f.suppressed.source}`,
      },
    ];
  }
  // A finding's fix/verify may be case-specific (the rule's help has the generic one), and evidence
  // that points at an object rather than a file has no location GitHub can show: keep both here.
  const properties: sarif.PropertyBag = { fault: f.fault, fix: f.fix, verify: f.verify };
  if (unlocated.length > 0) {
    properties['evidence'] = unlocated.map((e) => {
      const where = subjectLabel(e);
      return where !== undefined ? `${where}: ${e.message}` : e.message;
    });
  }
  out.properties = properties;
  return out;
}

function primaryLocation(s: Subject): sarif.Location | undefined {
  const logical: sarif.LogicalLocation[] | undefined = s.object && [
    {
      name: s.object.name,
      fullyQualifiedName: objectLabel(s.object),
      kind: 'object',
    },
  ];
  if (s.span) return logical ? { physicalLocation: physical(s.span), logicalLocations: logical } : { physicalLocation: physical(s.span) };
  if (logical) return { logicalLocations: logical };
  return undefined;
}

function physical(span: Span): sarif.PhysicalLocation {
  return {
    artifactLocation: artifact(span.file),
    region: {
      startLine: span.line,
      startColumn: span.column,
      endLine: span.endLine,
      endColumn: span.endColumn,
    },
  };
}

function artifact(file: string): sarif.ArtifactLocation {
  // Files are root-relative by contract; an absolute one (e.g. a --config outside the root) is kept whole.
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function notification(e: InputError): sarif.Notification {
  const region: sarif.Region | undefined =
    e.line === undefined ? undefined : e.column === undefined ? { startLine: e.line } : { startLine: e.line, startColumn: e.column };
  const physicalLocation: sarif.PhysicalLocation = region ? { artifactLocation: artifact(e.file), region } : { artifactLocation: artifact(e.file) };
  return { level: 'error', message: { text: e.message }, locations: [{ physicalLocation }] };
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** `go-toolchain-mismatch` → `GoToolchainMismatch`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
