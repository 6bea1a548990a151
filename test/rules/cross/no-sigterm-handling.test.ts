import rule from '../../../src/rules/cross/no-sigterm-handling.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const graceful = (signals: string, timeout = '20 * time.Second') =>
  mainGo(
    ['context', 'net/http', 'os', 'os/signal', 'syscall', 'time'],
    [
      `\tctx, stop := signal.NotifyContext(context.Background(), ${signals})`,
      '\tdefer stop()',
      '\tsrv := &http.Server{Addr: ":8080"}',
      '\tgo srv.ListenAndServe()',
      '\t<-ctx.Done()',
      `\tsctx, cancel := context.WithTimeout(context.Background(), ${timeout})`,
      '\tdefer cancel()',
      '\tsrv.Shutdown(sctx)',
    ].join('\n'),
  );
const bare = mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)');
const files = (go: string, yaml = deploy()) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });

ruleTester(rule, {
  valid: [
    { name: 'NotifyContext with SIGTERM and Shutdown within the grace period', files: files(graceful('os.Interrupt, syscall.SIGTERM')) },
    { name: 'shutdown 50s, grace 60s', files: files(graceful('syscall.SIGTERM', '50 * time.Second'), deploy({ grace: 60 })) },
    { name: 'no server: a worker', files: files(mainGo(['fmt'], '\tfmt.Println("done")')) },
    { name: 'unlinked image', files: files(bare, deploy({ image: 'ghcr.io/acme/other:1' })) },
  ],
  invalid: [
    {
      name: 'ListenAndServe with no signal handling at all',
      files: files(bare),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 8,
          column: 2,
          container: 'orders',
          message: 'container "orders": cmd/orders serves HTTP (http.ListenAndServe) but never handles SIGTERM nor calls Shutdown: in-flight requests are cut on every rollout',
          evidence: [{ file: 'deploy/orders.yaml', line: 16 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'os.Interrupt only: Shutdown never runs on SIGTERM',
      files: files(graceful('os.Interrupt')),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 13,
          column: 15,
          message: 'container "orders": cmd/orders handles Interrupt but not SIGTERM: the graceful shutdown never runs in Kubernetes',
          evidence: [{ file: 'cmd/orders/main.go', line: 13 }, { file: 'cmd/orders/main.go', line: 20 }, { file: 'deploy/orders.yaml', line: 16 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'shutdown deadline longer than terminationGracePeriodSeconds',
      files: files(graceful('syscall.SIGTERM', '45 * time.Second'), deploy({ grace: 30 })),
      findings: [
        {
          file: 'deploy/orders.yaml',
          line: 16,
          column: 38,
          message: 'container "orders": http.Server.Shutdown waits up to 45s but terminationGracePeriodSeconds is 30: the kubelet SIGKILLs the process mid-shutdown',
          evidence: [{ file: 'cmd/orders/main.go', line: 18 }, { file: 'cmd/orders/main.go', line: 20 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
  ],
});
