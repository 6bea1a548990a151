import { defineRule } from '../../core/rule.js';
import { builtPackages } from '../../model/go-built-packages.js';
import type { GoClient } from '../../model/gosrc.js';

/** Clients that wait forever on a peer that accepts and never answers. */
function unbounded(c: GoClient): boolean {
  if (c.kind === 'client-literal') return c.timeout === undefined || c.timeout.seconds === 0;
  return c.kind === 'default-client' || c.kind === 'package-helper';
}

function what(c: GoClient): string {
  return c.kind === 'client-literal' ? `${c.expr} has no Timeout` : `${c.expr} uses http.DefaultClient, which has no timeout`;
}

export default defineRule({
  meta: {
    id: 'http-client-without-timeout',
    fault: 'E5',
    severity: 'warning',
    title: 'Outbound HTTP calls without a timeout',
    why:
      'http.DefaultClient, http.Get/Post and an http.Client{} without Timeout wait forever. In Kubernetes the peer is often a ' +
      'pod being replaced or a Service with no ready endpoints behind a proxy that accepts and stalls: each stuck call pins a ' +
      'goroutine and a connection, request handlers pile up until the pod hits its memory limit (OOMKilled) or its probes time out.',
    fix: 'client := &http.Client{Timeout: 10 * time.Second}\n// or per request: ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second); req = req.WithContext(ctx)',
    verify: 'grep -rn "http.DefaultClient\\|http.Get(\\|http.Post(\\|&http.Client{}" --include=*.go .',
    needs: ['dockerfile', 'go'],
    tags: ['resilience', 'http'],
  },
  check({ ws, report }) {
    for (const { pkg, build } of builtPackages(ws)) {
      const found = pkg.clients.filter(unbounded).sort((a, b) => a.span.file.localeCompare(b.span.file) || a.span.line - b.span.line || a.span.column - b.span.column);
      if (found.length === 0) continue;
      const first = found[0]!;
      report({
        message: `${pkg.dir}: ${what(first)}${found.length > 1 ? ` (and ${found.length - 1} more call${found.length > 2 ? 's' : ''} without a timeout)` : ''}: a stalled peer hangs the caller forever`,
        at: { span: first.span },
        evidence: [...found.slice(1).map((c) => ({ message: what(c), span: c.span })), build],
      });
    }
  },
});
