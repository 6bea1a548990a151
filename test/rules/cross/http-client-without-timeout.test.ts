import rule from '../../../src/rules/cross/http-client-without-timeout.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, mainGo } from './fixtures.js';

const files = (go: string, extra: Record<string, string> = {}) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, ...extra });
const client = (lit: string) => mainGo(['net/http', 'time'], `\tc := ${lit}\n\tc.Get("http://payments/api/v1/charges")\n\t_ = time.Second`);

ruleTester(rule, {
  valid: [
    { name: 'http.Client with Timeout', files: files(client('&http.Client{Timeout: 10 * time.Second}')) },
    { name: 'no outbound HTTP', files: files(mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)')) },
    {
      name: 'package not linked into any built binary (a dev tool)',
      files: files(mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)'), { 'tools/seed/main.go': mainGo(['net/http'], '\thttp.Get("http://localhost:8080/seed")') }),
    },
  ],
  invalid: [
    {
      name: 'http.Client{} literal without Timeout',
      files: files(client('&http.Client{}')),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 9,
          column: 8,
          message: 'cmd/orders: http.Client{} has no Timeout: a stalled peer hangs the caller forever',
          evidence: [{ file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'one finding per package: http.Get and http.DefaultClient in a linked internal package',
      files: files(mainGo(['example.com/shop/internal/payments'], '\tpayments.Charge()'), {
        'internal/payments/client.go': 'package payments\n\nimport "net/http"\n\nfunc Charge() {\n\thttp.Get("http://payments/api/v1/charges")\n\thttp.DefaultClient.Do(nil)\n}\n',
      }),
      findings: [
        {
          file: 'internal/payments/client.go',
          line: 6,
          column: 2,
          message: 'internal/payments: http.Get uses http.DefaultClient, which has no timeout (and 1 more call without a timeout): a stalled peer hangs the caller forever',
          evidence: [{ file: 'internal/payments/client.go', line: 7 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
  ],
});
