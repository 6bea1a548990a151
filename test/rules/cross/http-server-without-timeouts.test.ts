import rule from '../../../src/rules/cross/http-server-without-timeouts.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, mainGo } from './fixtures.js';

const files = (go: string, extra: Record<string, string> = {}) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, ...extra });
const server = (fields: string) => mainGo(['net/http', 'time'], `\tsrv := &http.Server{Addr: ":8080"${fields}}\n\tsrv.ListenAndServe()\n\t_ = time.Second`);

ruleTester(rule, {
  valid: [
    { name: 'ReadHeaderTimeout set', files: files(server(', ReadHeaderTimeout: 5 * time.Second')) },
    { name: 'ReadTimeout set (bounds headers too)', files: files(server(', ReadTimeout: 30 * time.Second')) },
    { name: 'package not linked into any built binary', files: files(server(', ReadHeaderTimeout: 5 * time.Second'), { 'tools/debug/main.go': mainGo(['net/http'], '\thttp.ListenAndServe("localhost:6060", nil)') }) },
  ],
  invalid: [
    {
      name: 'http.Server without ReadHeaderTimeout',
      files: files(server(', WriteTimeout: 10 * time.Second')),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 9,
          column: 10,
          message: 'cmd/orders: http.Server without ReadHeaderTimeout or ReadTimeout: slow or idle clients hold connections and goroutines without limit',
          evidence: [{ file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
    {
      name: 'http.ListenAndServe twice: one finding, the second as evidence',
      files: files(mainGo(['net/http'], '\tgo http.ListenAndServe(":9090", nil)\n\thttp.ListenAndServe(":8080", nil)')),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 8,
          column: 5,
          message: 'cmd/orders: http.ListenAndServe runs a server with no timeouts: slow or idle clients hold connections and goroutines without limit',
          evidence: [{ file: 'cmd/orders/main.go', line: 9 }, { file: 'orders/Dockerfile', line: 6 }],
        },
      ],
    },
  ],
});
