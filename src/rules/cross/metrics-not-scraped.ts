import type { Evidence, Subject } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { buildEvidence, containerBinary, listenerAddress, networkListeners } from '../../model/container-go.js';
import type { GoRoute } from '../../model/gosrc.js';
import type { ContainerView, KubeObject } from '../../model/manifest.js';
import { findContainerPort } from '../../model/ports.js';
import { longRunningContainers } from '../../model/probes.js';
import { objectSubject } from '../../model/subjects.js';
import { selects } from '../../model/link.js';
import { asArray, asObject } from '../../model/wiring.js';
import type { Workspace } from '../../model/workspace.js';

/** The prometheus.io annotations of the Prometheus example `kubernetes-pods` / `kubernetes-service-endpoints` jobs. */
const SCRAPE = 'prometheus.io/scrape';
const PORT = 'prometheus.io/port';
const PATH = 'prometheus.io/path';

/** What the manifests say about scraping this container: nothing, the right port, or another one. */
type Scrape = { kind: 'none' } | { kind: 'ok' } | { kind: 'elsewhere'; what: string; at: Subject };

function monitorSelects(mon: KubeObject, labels: Record<string, string>): boolean {
  const spec = asObject(mon.raw.spec);
  const sel = asObject(asObject(spec?.selector)?.matchLabels);
  const want: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel ?? {})) want[k] = String(v);
  return selects(want, labels);
}

function scrapeOf(ws: Workspace, c: ContainerView, port: number, path: string): Scrape {
  const t = c.template;
  const ann = t.annotations;
  if (ann[SCRAPE] === 'true') {
    const p = ann[PORT];
    const at = objectSubject(t.object, [...t.metadataPath, 'annotations', p !== undefined ? PORT : SCRAPE]);
    if (p !== undefined && Number(p) !== port) return { kind: 'elsewhere', what: `${PORT}: "${p}"`, at };
    const annPath = ann[PATH] ?? '/metrics';
    if (annPath !== path) return { kind: 'elsewhere', what: `${PATH}: "${annPath}"`, at: objectSubject(t.object, [...t.metadataPath, 'annotations', PATH]) };
    return { kind: 'ok' };
  }
  const services = ws.links.servicesSelecting(t);
  const monitors = ws.manifests.objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/') && (o.namespace ?? '') === (t.object.namespace ?? ''));
  let elsewhere: Scrape | undefined;
  for (const mon of monitors) {
    const spec = asObject(mon.raw.spec);
    if (mon.kind === 'PodMonitor' && monitorSelects(mon, t.labels)) {
      for (const [i, e] of asArray(spec?.podMetricsEndpoints).entries()) {
        const name = asObject(e)?.port;
        const n = typeof name === 'string' ? findContainerPort(c.spec, name)?.containerPort : undefined;
        if (n === port) return { kind: 'ok' };
        elsewhere ??= { kind: 'elsewhere', what: `PodMonitor ${mon.name} port ${String(name)}`, at: objectSubject(mon, ['spec', 'podMetricsEndpoints', i, 'port']) };
      }
    }
    if (mon.kind !== 'ServiceMonitor') continue;
    for (const svc of services.filter((s) => monitorSelects(mon, s.labels))) {
      const ports = asArray(asObject(svc.raw.spec)?.ports).map((p) => asObject(p));
      for (const [i, e] of asArray(spec?.endpoints).entries()) {
        const name = asObject(e)?.port;
        const sp = ports.find((p) => p?.name === name);
        const target = sp?.targetPort ?? sp?.port;
        const n = typeof target === 'number' ? target : typeof target === 'string' ? findContainerPort(c.spec, target)?.containerPort : undefined;
        if (n === port) return { kind: 'ok' };
        elsewhere ??= { kind: 'elsewhere', what: `ServiceMonitor ${mon.name} port ${String(name)} (Service ${svc.name})`, at: objectSubject(mon, ['spec', 'endpoints', i, 'port']) };
      }
    }
  }
  for (const svc of services) {
    if (svc.annotations[SCRAPE] !== 'true') continue;
    const p = svc.annotations[PORT];
    if (p === undefined || Number(p) === port) return { kind: 'ok' };
    elsewhere ??= { kind: 'elsewhere', what: `Service ${svc.name} ${PORT}: "${p}"`, at: objectSubject(svc, ['metadata', 'annotations', PORT]) };
  }
  return elsewhere ?? { kind: 'none' };
}

function isMetricsRoute(r: GoRoute): boolean {
  return r.path === '/metrics' || /\b(promhttp|prometheus)\.(Handler|HandlerFor|InstrumentMetricHandler)\b/.test(r.handler);
}

export default defineRule({
  meta: {
    id: 'metrics-not-scraped',
    fault: 'J1',
    severity: 'warning',
    title: 'The Go service exposes Prometheus metrics that nothing scrapes',
    why:
      'The code serves /metrics (promhttp: request counters, and with the default registry the go_* runtime ' +
      'metrics — goroutines, heap, GC pauses, GOMAXPROCS), but no pod annotation, ServiceMonitor or PodMonitor points ' +
      'Prometheus at that port and path, or one points at another port. The dashboards stay empty and the memory ' +
      'or goroutine growth that precedes an OOMKill or a hang is never recorded.',
    fix:
      'Point the scrape at the metrics port: pod annotations prometheus.io/scrape: "true" and prometheus.io/port: ' +
      '"<port>" (for the annotation-based job), or a ServiceMonitor/PodMonitor whose endpoint port names that port.',
    verify: 'kubectl port-forward pod/<pod> <port> & curl -s localhost:<port>/metrics | grep go_goroutines; then check the target in Prometheus /targets',
    needs: ['manifests', 'dockerfile', 'go'],
    tags: ['observability'],
  },
  check({ ws, report }) {
    for (const t of ws.manifests.podTemplates) {
      for (const c of longRunningContainers(t)) {
        const b = containerBinary(ws, c);
        if (!b) continue;
        const routes = b.pkgs.flatMap((p) => p.routes).filter(isMetricsRoute);
        const collectors = b.pkgs.flatMap((p) => p.observability.goCollector);
        const listeners = networkListeners(b);
        for (const l of listeners) {
          // A handler built in another package (`Handler: api.New(…)`) hides the router: with one
          // listener, every metrics route is on it.
          const route = routes.find((r) => r.router === l.router || (l.router === undefined && listeners.length === 1));
          const a = route ? listenerAddress(ws, c, b, l) : undefined;
          if (!route || a?.port === undefined) continue;
          const s = scrapeOf(ws, c, a.port, route.path);
          if (s.kind === 'ok') continue;
          const go = collectors.length > 0 ? ' with the go_* runtime collectors' : '';
          const evidence: Evidence[] = [
            { message: `route ${route.method ? `${route.method} ` : ''}${route.path} → ${route.handler}${go}`, span: route.span },
            { message: `${l.call} serves it on "${a.text}" (port ${a.port})`, span: l.span },
            ...a.evidence,
            buildEvidence(b),
          ];
          if (s.kind === 'elsewhere') {
            report({
              message: `container "${c.name}": metrics are served at ${route.path} on port ${a.port}, but ${s.what} points the scrape elsewhere: Prometheus never collects them`,
              at: { ...s.at, container: c.name },
              evidence,
            });
          } else {
            report({
              message: `container "${c.name}": ${b.build.pkg.dir} serves ${route.path} on port ${a.port}${go}, but no prometheus.io annotation, ServiceMonitor or PodMonitor scrapes it`,
              at: { span: route.span, container: c.name },
              evidence: [...evidence.slice(1), { ...objectSubject(t.object, [...t.metadataPath]), container: c.name, message: 'pod template without prometheus.io/scrape annotations' }],
              severity: 'info',
            });
          }
        }
      }
    }
  },
});
