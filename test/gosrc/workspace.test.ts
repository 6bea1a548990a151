import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { available } from '../../src/core/engine.js';
import { buildWorkspace } from '../../src/core/lint.js';
import { discover } from '../../src/load/discover.js';
import { writeTree } from '../helpers/workspace.js';

const API = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const WORKER = 'package main\n\nfunc main() {}\n';
const LIB = 'package lib\n\nfunc F() {}\n';

async function workspace(files: Record<string, string>) {
  const root = await writeTree(files);
  const { files: found } = await discover([root], root, []);
  return { found, ws: await buildWorkspace(root, found, defaultConfig()) };
}

describe('Go source in the lint pipeline', () => {
  it('discovers .go files except tests, vendor/, testdata/, _x/ and .x/', async () => {
    const { found } = await workspace({
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'cmd/api/main.go': API,
      'cmd/api/main_test.go': 'package main\n',
      'vendor/github.com/x/y/y.go': LIB,
      'internal/x/testdata/t.go': LIB,
      '_old/o.go': LIB,
      '.cache/c.go': LIB,
      'third_party/vendor/v.go': LIB,
    });
    expect(found.filter((f) => f.kind === 'gosrc').map((f) => f.rel)).toEqual(['cmd/api/main.go']);
  });

  it('puts packages in the workspace, makes `go` available and links Dockerfile builds to main packages', async () => {
    const { ws } = await workspace({
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'cmd/api/main.go': API,
      'cmd/worker/main.go': WORKER,
      'internal/lib/lib.go': LIB,
      'Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\nFROM scratch\nCOPY --from=build /out/api /api\n',
      'deploy/worker.Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY go.mod ./\nCOPY cmd/ ./cmd/\nRUN go build -o /w example.com/m/cmd/worker\n',
      'all.Dockerfile': 'FROM golang:1.22\nWORKDIR /go/src/app\nCOPY . .\nRUN go install ./...\n',
    });
    expect(ws.goPackages.map((p) => p.dir)).toEqual(['cmd/api', 'cmd/worker', 'internal/lib']);
    expect(available(ws).has('go')).toBe(true);
    const byFile = (f: string) => ws.dockerfiles.find((d) => d.file === f)!;
    expect(ws.links.mainPackagesOf(byFile('Dockerfile')).map((p) => p.dir)).toEqual(['cmd/api']);
    expect(ws.links.mainPackageBuildsOf(byFile('Dockerfile'))[0]?.ins.span.line).toBe(4);
    // Built with the module root as context (`docker build -f deploy/worker.Dockerfile .`).
    expect(ws.links.mainPackagesOf(byFile('deploy/worker.Dockerfile')).map((p) => p.dir)).toEqual(['cmd/worker']);
    expect(ws.links.mainPackagesOf(byFile('all.Dockerfile')).map((p) => p.dir)).toEqual(['cmd/api', 'cmd/worker']);
  });

  it('follows WORKDIR and `go build .` inside a copied directory', async () => {
    const { ws } = await workspace({
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'svc/main.go': API,
      'svc/Dockerfile': 'FROM golang:1.22\nWORKDIR /build\nCOPY go.mod main.go ./\nRUN go build -o app .\n',
    });
    expect(ws.links.mainPackagesOf(ws.dockerfiles[0]!).map((p) => p.dir)).toEqual(['svc']);
  });

  it('leaves goPackages empty (and `go` unavailable) without Go files', async () => {
    const { ws } = await workspace({ 'Dockerfile': 'FROM alpine\n' });
    expect(ws.goPackages).toEqual([]);
    expect(available(ws).has('go')).toBe(false);
  });
});
