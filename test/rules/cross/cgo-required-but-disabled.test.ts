import rule from '../../../src/rules/cross/cgo-required-but-disabled.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, mainGo } from './fixtures.js';

const sqlite = mainGo(['database/sql', 'github.com/mattn/go-sqlite3'], '\tdb, _ := sql.Open("sqlite3", "/data/orders.db")\n\t_ = db', 'var _ = sqlite3.ErrError\n\n');
const withImage = mainGo(['net/http', 'example.com/shop/internal/thumb'], '\tthumb.Init()\n\thttp.ListenAndServe(":8080", nil)');
const thumb = (constraint = '') => `${constraint}package thumb\n\n// #cgo LDFLAGS: -lvips\n// #include <vips/vips.h>\nimport "C"\n\nfunc Init() { C.vips_init(nil) }\n`;
const files = (go: string, dockerfile = DOCKERFILE, extra: Record<string, string> = {}) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': dockerfile, ...extra });
const alpine = DOCKERFILE.replace('FROM golang:1.23 AS build', 'FROM golang:1.23-alpine AS build').replace('RUN CGO_ENABLED=0 go build', 'RUN go build');

ruleTester(rule, {
  valid: [
    { name: 'CGO_ENABLED=1', files: files(sqlite, DOCKERFILE.replace('CGO_ENABLED=0', 'CGO_ENABLED=1')) },
    { name: 'golang:1.23 ships gcc: cgo on by default', files: files(sqlite, DOCKERFILE.replace('CGO_ENABLED=0 ', '')) },
    { name: 'alpine builder with build-base installed', files: files(sqlite, alpine.replace('WORKDIR /src', 'RUN apk add --no-cache build-base\nWORKDIR /src')) },
    { name: 'CGO_ENABLED from a build arg without default', files: files(sqlite, DOCKERFILE.replace('RUN CGO_ENABLED=0 go build', 'ARG CGO_ENABLED\nRUN go build')) },
    { name: 'pure-Go driver (modernc.org/sqlite)', files: files(mainGo(['database/sql', 'modernc.org/sqlite'], '\tsql.Open("sqlite", "/data/orders.db")', 'var _ = sqlite.Driver{}\n\n')) },
    { name: 'import "C" only under //go:build cgo', files: files(withImage, DOCKERFILE, { 'internal/thumb/thumb.go': thumb('//go:build cgo\n\n') }) },
    {
      name: 'cgo file with a !cgo fallback',
      files: files(withImage, DOCKERFILE, { 'internal/thumb/thumb.go': thumb(), 'internal/thumb/thumb_nocgo.go': '//go:build !cgo\n\npackage thumb\n\nfunc Init() {}\n' }),
    },
  ],
  invalid: [
    {
      name: 'go-sqlite3 built with CGO_ENABLED=0: stub at run time',
      files: files(sqlite),
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 6,
          column: 1,
          message: 'orders/Dockerfile builds cmd/orders with cgo off (CGO_ENABLED=0 on the go command) but it needs cgo: github.com/mattn/go-sqlite3 wraps a C library and needs cgo',
          evidence: [{ file: 'cmd/orders/main.go', line: 5 }],
        },
      ],
    },
    {
      name: 'import "C" in an internal package, alpine builder without a C compiler',
      files: files(withImage, alpine, { 'internal/thumb/thumb.go': thumb() }),
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 6,
          column: 1,
          message: 'orders/Dockerfile builds cmd/orders with cgo off (golang:1.23-alpine has no C compiler, so cgo is off) but it needs cgo: import "C" in internal/thumb: the file is excluded when cgo is off',
          evidence: [{ file: 'internal/thumb/thumb.go', line: 5 }, { file: 'orders/Dockerfile', line: 1 }],
        },
      ],
    },
  ],
});
