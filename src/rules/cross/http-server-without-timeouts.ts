import type { Span } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { builtPackages } from '../../model/go-built-packages.js';
import type { GoServer } from '../../model/gosrc.js';

/** net/http helpers that run a zero http.Server: no timeouts at all. */
const BARE_SERVE = new Set(['http.ListenAndServe', 'http.ListenAndServeTLS']);

/** ReadTimeout also bounds the header read, so either one stops slow-header clients. */
function headerBounded(s: GoServer): boolean {
  const set = (d: GoServer['readTimeout']) => d !== undefined && d.seconds !== 0;
  return set(s.readHeaderTimeout) || set(s.readTimeout);
}

export default defineRule({
  meta: {
    id: 'http-server-without-timeouts',
    fault: 'E5',
    severity: 'warning',
    title: 'HTTP server without a header read timeout',
    why:
      'An http.Server without ReadHeaderTimeout (or ReadTimeout), and http.ListenAndServe which has none, keeps a connection ' +
      'and its goroutine open for as long as the client trickles headers (Slowloris). Behind a Service, idle or half-open ' +
      'connections from load balancers and clients accumulate the same way until the pod runs out of file descriptors ' +
      '("accept: too many open files") or memory.',
    fix: 'srv := &http.Server{\n\tAddr:              ":8080",\n\tHandler:           mux,\n\tReadHeaderTimeout: 5 * time.Second,\n\tIdleTimeout:       120 * time.Second,\n}',
    verify: 'grep -rn "ReadHeaderTimeout" --include=*.go .',
    needs: ['dockerfile', 'go'],
    tags: ['resilience', 'http'],
  },
  check({ ws, report }) {
    for (const { pkg, build } of builtPackages(ws)) {
      const found: { message: string; span: Span }[] = [
        ...pkg.servers.filter((s) => !headerBounded(s)).map((s) => ({ message: 'http.Server without ReadHeaderTimeout or ReadTimeout', span: s.span })),
        ...pkg.listeners.filter((l) => BARE_SERVE.has(l.call) && l.server === undefined).map((l) => ({ message: `${l.call} runs a server with no timeouts`, span: l.span })),
      ].sort((a, b) => a.span.file.localeCompare(b.span.file) || a.span.line - b.span.line || a.span.column - b.span.column);
      if (found.length === 0) continue;
      const first = found[0]!;
      report({
        message: `${pkg.dir}: ${first.message}: slow or idle clients hold connections and goroutines without limit`,
        at: { span: first.span },
        evidence: [...found.slice(1), build],
      });
    }
  },
});
