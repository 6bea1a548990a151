import { expect, it } from 'vitest';
import rule from '../../../src/rules/cross/cgo-binary-on-libcless-base.js';
import libcMismatch from '../../../src/rules/dockerfile/cgo-libc-mismatch.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { lintFiles } from '../../helpers/workspace.js';
import { DOCKERFILE, GOMOD, mainGo } from './fixtures.js';

const server = mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)');
const batch = mainGo(['fmt', 'strings'], '\tfmt.Println(strings.ToUpper("nightly report"))');
const sqlite = mainGo(['database/sql', 'github.com/mattn/go-sqlite3'], '\tdb, _ := sql.Open("sqlite3", "/data/orders.db")\n\t_ = db', 'var _ = sqlite3.ErrError\n\n');
const cgoOn = DOCKERFILE.replace('RUN CGO_ENABLED=0 go build', 'RUN go build');
const files = (go: string, dockerfile = cgoOn) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': dockerfile });

ruleTester(rule, {
  valid: [
    { name: 'CGO_ENABLED=0: static', files: files(server, DOCKERFILE) },
    { name: 'cgo on, but the code has no cgo side (no net, os/user, import "C"): the binary is static', files: files(batch) },
    { name: 'glibc runtime (distroless/base) for a glibc build', files: files(server, cgoOn.replace('distroless/static-debian12', 'distroless/base-debian12')) },
    { name: '-tags netgo: the pure-Go resolver, nothing else uses cgo', files: files(server, cgoOn.replace('go build -o', 'go build -tags netgo,osusergo -o')) },
    { name: 'the loader is copied in by hand', files: files(server, cgoOn.replace('ENTRYPOINT', 'COPY --from=build /lib64 /lib64\nENTRYPOINT')) },
  ],
  invalid: [
    {
      name: 'net/http built in golang:1.23 (gcc: cgo on by default), shipped on distroless/static',
      files: files(server),
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 7,
          column: 6,
          message:
            '/orders is dynamically linked against glibc (cmd/orders uses cgo (net/http uses the cgo DNS resolver (getaddrinfo from libc)) and cgo is on in golang:1.23) ' +
            'but gcr.io/distroless/static-debian12 has no libc: the container fails with "exec /orders: no such file or directory"',
          evidence: [
            { file: 'cmd/orders/main.go', line: 4 },
            { file: 'orders/Dockerfile', line: 6 },
            { file: 'orders/Dockerfile', line: 1 },
            { file: 'orders/Dockerfile', line: 8 },
          ],
        },
      ],
    },
    {
      name: 'go-sqlite3 with an explicit CGO_ENABLED=1 on scratch',
      files: files(sqlite, DOCKERFILE.replace('CGO_ENABLED=0', 'CGO_ENABLED=1').replace('FROM gcr.io/distroless/static-debian12', 'FROM scratch')),
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 7,
          column: 6,
          message: /^\/orders is dynamically linked against glibc \(cmd\/orders uses cgo \(github.com\/mattn\/go-sqlite3 wraps a C library\) and cgo is on in golang:1.23\) but scratch has no libc/,
          evidence: [
            { file: 'cmd/orders/main.go', line: 5 },
            { file: 'orders/Dockerfile', line: 6 },
            { file: 'orders/Dockerfile', line: 8 },
          ],
        },
      ],
    },
  ],
});

it('reports a libc-less runtime once: cgo-libc-mismatch leaves it to this rule when the Go code is in the workspace', async () => {
  const both = await lintFiles(files(server), [rule, libcMismatch]);
  expect(both.findings.map((f) => f.ruleId)).toEqual(['cgo-binary-on-libcless-base']);
  // Without the code (only the Dockerfile), the Dockerfile rule still reports it.
  const dockerfileOnly = await lintFiles({ 'orders/Dockerfile': cgoOn }, [rule, libcMismatch]);
  expect(dockerfileOnly.findings.map((f) => f.ruleId)).toEqual(['cgo-libc-mismatch']);
  // And a cgo-on build of code with no cgo side is not reported by either.
  const batchRun = await lintFiles(files(batch), [rule, libcMismatch]);
  expect(batchRun.findings).toEqual([]);
});
