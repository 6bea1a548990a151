import rule from '../../../src/rules/cross/metrics-not-scraped.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const metrics = mainGo(
  ['net/http', 'github.com/prometheus/client_golang/prometheus/promhttp'],
  '\tmux := http.NewServeMux()\n\tmux.Handle("/metrics", promhttp.Handler())\n\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\tmux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", mux)',
);
const scrape = (port: string) => `      annotations:\n        prometheus.io/scrape: "true"\n        prometheus.io/port: "${port}"`;
const SERVICE_MONITOR = [
  '---',
  'apiVersion: monitoring.coreos.com/v1',
  'kind: ServiceMonitor',
  'metadata:',
  '  name: orders',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app: orders',
  '  endpoints:',
  '    - port: http',
  '',
].join('\n');
const SERVICE = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: orders', '  labels:', '    app: orders', 'spec:', '  selector:', '    app: orders', '  ports:', '    - name: http', '      port: 80', '      targetPort: http'].join('\n');
const files = (go: string, yaml: string) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });

ruleTester(rule, {
  valid: [
    { name: 'prometheus.io annotations on the serving port', files: files(metrics, deploy({ annotations: scrape('8080') })) },
    { name: 'a ServiceMonitor on the Service port that targets it', files: files(metrics, deploy({ service: SERVICE }) + SERVICE_MONITOR) },
    {
      name: 'a PodMonitor on the named container port',
      files: files(metrics, `${deploy()}---\napiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata:\n  name: orders\nspec:\n  selector:\n    matchLabels:\n      app: orders\n  podMetricsEndpoints:\n    - port: http\n`),
    },
    { name: 'no metrics route', files: files(mainGo(['net/http'], '\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)'), deploy()) },
  ],
  invalid: [
    {
      name: 'promhttp on :8080, no scrape configuration at all (info)',
      files: files(metrics, deploy()),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 2,
          container: 'orders',
          message: 'container "orders": cmd/orders serves /metrics on port 8080 with the go_* runtime collectors, but no prometheus.io annotation, ServiceMonitor or PodMonitor scrapes it',
          evidence: [
            { file: 'cmd/orders/main.go', line: 13 },
            { file: 'orders/Dockerfile', line: 6 },
            { file: 'deploy/orders.yaml', line: 12 },
          ],
        },
      ],
    },
    {
      name: 'a ServiceMonitor scraping a Service port that leads elsewhere',
      files: files(
        metrics,
        deploy({ service: SERVICE.replace('    - name: http\n      port: 80\n      targetPort: http', '    - name: http\n      port: 80\n      targetPort: http\n    - name: admin\n      port: 9000\n      targetPort: 9000') }) +
          SERVICE_MONITOR.replace('port: http', 'port: admin'),
      ),
      findings: [{ file: 'deploy/orders.yaml', line: 58, column: 13, message: 'container "orders": metrics are served at /metrics on port 8080, but ServiceMonitor orders port admin (Service orders) points the scrape elsewhere: Prometheus never collects them' }],
    },
    {
      name: 'prometheus.io/port points at 9090, metrics are on 8080',
      files: files(metrics, deploy({ annotations: scrape('9090') })),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 16,
          column: 29,
          message: 'container "orders": metrics are served at /metrics on port 8080, but prometheus.io/port: "9090" points the scrape elsewhere: Prometheus never collects them',
          evidence: [
            { file: 'cmd/orders/main.go', line: 10 },
            { file: 'cmd/orders/main.go', line: 13 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
