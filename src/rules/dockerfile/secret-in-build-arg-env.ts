import type { Severity, Span } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { parseAssignments } from '../../load/dockerfile-expand.js';
import type { Dockerfile } from '../../model/dockerfile.js';
import { shippedChain } from '../../model/shipped-stages.js';

/** Name words that mean "this holds a credential". */
const SECRET_NAME = /(^|_)(TOKEN|PASSWORD|PASSWD|PWD|SECRET|API_?KEY|PRIVATE_KEY|ACCESS_KEY|SECRET_KEY|CREDENTIALS?|AUTH_TOKEN|NETRC)($|_)/;
/** …unless the variable names where the secret is, or a property of it, not the secret itself. */
const NOT_A_SECRET = /_(FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|NAME|ID|TTL|EXPIRY|EXPIRES|TIMEOUT|LENGTH|HEADER|ENABLED|ENV|TYPE|ISSUER|REF|ARN)$/;
/** Literal credentials with a recognisable shape (providers document these prefixes for secret scanning). */
const CREDENTIAL_VALUE: { kind: string; re: RegExp }[] = [
  { kind: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { kind: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'Slack token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'Stripe key', re: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { kind: 'private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: 'password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@$]+:[^/\s@$]+@/ },
];

export default defineRule({
  meta: {
    id: 'secret-in-build-arg-env',
    fault: 'A6',
    severity: 'error',
    title: 'A credential is passed through ARG or ENV',
    why:
      'ENV values are stored in the image config (`docker inspect` shows them to anyone who can pull the image), ' +
      'ARG values used by a RUN are recorded in `docker history`, and a literal in the Dockerfile is in git. ' +
      'Typical case: `ARG GITHUB_TOKEN` for private Go modules.',
    fix:
      'Pass it as a BuildKit secret, which is mounted for one RUN and never stored:\n' +
      'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n' +
      '# docker build --secret id=netrc,src=$HOME/.netrc .\n' +
      'Runtime credentials belong in a Kubernetes Secret, not in the image.',
    verify: "docker history --no-trunc <image> | grep -i token; docker inspect --format '{{.Config.Env}}' <image>",
    needs: ['dockerfile'],
    tags: ['security', 'secrets'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const shipped = new Set(shippedChain(df).map((s) => s.index));
      for (const { stage, keyword, args, span } of assignmentLines(df)) {
        for (const { name, value } of parseAssignments(args, df.escape, keyword).assignments) {
          const literal = unquote(value ?? '');
          const credential = CREDENTIAL_VALUE.find((c) => c.re.test(literal));
          const upper = name.toUpperCase();
          const secretName = SECRET_NAME.test(upper) && !NOT_A_SECRET.test(upper);
          if (!credential && !secretName) continue;
          // `ENV API_KEY=""` declares a slot for the runtime value; nothing is stored.
          if (keyword === 'ENV' && literal === '') continue;
          let severity: Severity = 'error';
          let message: string;
          // Never echo the value: the report may end up in CI logs or a PR comment.
          if (credential) {
            message = `${keyword} ${name}=<redacted> holds a literal ${credential.kind}: it is in the Dockerfile, the git history and the image`;
          } else if (keyword === 'ENV' && stage !== undefined && shipped.has(stage)) {
            message = `ENV ${name}=<redacted> is stored in the shipped image's config, readable by anyone who can pull it`;
          } else {
            // A build-only secret leaks to history, cache exports and CI logs, not the runtime config.
            severity = 'warning';
            message =
              keyword === 'ARG'
                ? `ARG ${name} passes a secret as a build argument: its value is recorded in the image history and build cache`
                : `ENV ${name} in a build stage keeps a secret in that stage's layers and cache`;
          }
          report({ message, at: { span }, severity });
        }
      }
    }
  },
});

interface AssignmentLine {
  /** Stage index; undefined for global ARGs before the first FROM. */
  stage?: number;
  keyword: 'ARG' | 'ENV';
  args: string;
  span: Span;
}

function assignmentLines(df: Dockerfile): AssignmentLine[] {
  const out: AssignmentLine[] = [];
  // The model keeps global ARGs as values only; find their lines in the text before the first FROM.
  const firstFrom = df.stages[0]?.from.instruction.span.line ?? 1;
  df.text
    .split(/\r?\n/)
    .slice(0, firstFrom - 1)
    .forEach((text, i) => {
      const m = /^(\s*)ARG\s+(.*?)\s*$/i.exec(text);
      if (m) out.push({ keyword: 'ARG', args: m[2]!, span: { file: df.file, line: i + 1, column: m[1]!.length + 1, endLine: i + 1, endColumn: text.length + 1 } });
    });
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'ARG' || ins.keyword === 'ENV') out.push({ stage: stage.index, keyword: ins.keyword, args: ins.args, span: ins.span });
    }
  }
  return out;
}

function unquote(v: string): string {
  return v.replace(/^(["'])(.*)\1$/s, '$2');
}
