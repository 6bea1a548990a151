import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/core/rule.js';
import { imageName } from '../../src/model/link.js';
import { lintFiles } from '../helpers/workspace.js';

/** Runs the real pipeline and returns, per container, the Dockerfiles dockerfilesFor links. */
async function linked(files: Record<string, string>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const probe = defineRule({
    meta: { id: 'probe-links', fault: 'X0', severity: 'info', title: 't', why: 'w', fix: 'f', verify: 'v', needs: ['manifests'] },
    check({ ws }) {
      for (const t of ws.manifests.podTemplates) for (const c of [...t.initContainers, ...t.containers]) out[`${t.object.name}/${c.name}`] = ws.links.dockerfilesFor(c).map((d) => d.file);
    },
  });
  const r = await lintFiles(files, [probe]);
  expect(r.inputErrors).toEqual([]);
  return out;
}

const DF = 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/orders\nFROM scratch\nCOPY --from=build /out/app /app\n';
const PLAIN = 'FROM alpine:3.20\nCOPY app /app\n';
const pod = (name: string, containers: [string, string][], annotations: Record<string, string> = {}) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    ...(Object.keys(annotations).length > 0 ? ['  annotations:', ...Object.entries(annotations).map(([k, v]) => `    ${k}: ${v}`)] : []),
    'spec:',
    '  containers:',
    ...containers.flatMap(([n, img]) => [`    - name: ${n}`, `      image: ${img}`]),
    '---',
    '',
  ].join('\n');

describe('imageName', () => {
  it.each([
    ['registry.example.com/shop/orders:1.2', 'orders'],
    ['localhost:5000/orders', 'orders'],
    ['ghcr.io/acme/Orders@sha256:abc', 'orders'],
    ['orders:1.2@sha256:abc', 'orders'],
    ['orders', 'orders'],
    ['', undefined],
  ])('%s → %s', (image, want) => expect(imageName(image)).toBe(want));
});

describe('WorkspaceLinks.dockerfilesFor', () => {
  it('(b) matches the Dockerfile directory name', async () => {
    const got = await linked({ 'services/orders/Dockerfile': PLAIN, 'services/billing/Dockerfile': PLAIN, 'k.yaml': pod('p', [['app', 'registry.example.com/shop/orders:1.2']]) });
    expect(got).toEqual({ 'p/app': ['services/orders/Dockerfile'] });
  });

  it('(b) matches the main package directory it builds (cmd/orders) and the build context (module root)', async () => {
    const got = await linked({
      'go.mod': 'module example.com/shop\n\ngo 1.23\n',
      'cmd/orders/main.go': 'package main\n\nfunc main() {}\n',
      'build/Dockerfile': DF,
      'svc/payments/go.mod': 'module example.com/payments\n\ngo 1.23\n',
      'svc/payments/deploy/Dockerfile': PLAIN,
      'k.yaml': pod('p', [['a', 'orders:1'], ['b', 'ghcr.io/x/payments:2']]),
    });
    expect(got).toEqual({ 'p/a': ['build/Dockerfile'], 'p/b': ['svc/payments/deploy/Dockerfile'] });
  });

  it('(b) matches Dockerfile.<name> and <name>.Dockerfile', async () => {
    const got = await linked({ 'Dockerfile.orders': PLAIN, 'billing.Dockerfile': PLAIN, 'k.yaml': pod('p', [['a', 'orders:1'], ['b', 'billing:1']]) });
    expect(got).toEqual({ 'p/a': ['Dockerfile.orders'], 'p/b': ['billing.Dockerfile'] });
  });

  it('(b) an ambiguous name links nothing', async () => {
    const got = await linked({ 'orders/Dockerfile': PLAIN, 'legacy/orders/Dockerfile': PLAIN, 'k.yaml': pod('p', [['a', 'orders:1']]) });
    expect(got).toEqual({ 'p/a': [] });
  });

  it('(a) per-container annotation wins over name matching; path relative to the root or to the manifest', async () => {
    const got = await linked({
      'orders/Dockerfile': PLAIN,
      'images/api.Dockerfile': PLAIN,
      'deploy/k.yaml': pod('p', [['orders', 'orders:1'], ['side', 'sidecar:1']], {
        'kubewhy.dev/dockerfile.orders': 'images/api.Dockerfile',
        'kubewhy.dev/dockerfile.side': '../orders/Dockerfile',
      }),
    });
    expect(got).toEqual({ 'p/orders': ['images/api.Dockerfile'], 'p/side': ['orders/Dockerfile'] });
  });

  it('(a) the plain annotation applies to a single-container pod only; a dangling annotation links nothing', async () => {
    const got = await linked({
      'images/api.Dockerfile': PLAIN,
      'orders/Dockerfile': PLAIN,
      'a.yaml': pod('single', [['x', 'whatever:1']], { 'kubewhy.dev/dockerfile': './images/api.Dockerfile' }),
      'b.yaml': pod('multi', [['x', 'whatever:1'], ['orders', 'orders:1']], { 'kubewhy.dev/dockerfile': 'images/api.Dockerfile' }),
      'c.yaml': pod('dangling', [['orders', 'orders:1']], { 'kubewhy.dev/dockerfile': 'nope/Dockerfile' }),
    });
    expect(got).toEqual({ 'single/x': ['images/api.Dockerfile'], 'multi/x': [], 'multi/orders': ['orders/Dockerfile'], 'dangling/orders': [] });
  });

  it('(c) no match, no image: nothing', async () => {
    const got = await linked({ 'orders/Dockerfile': PLAIN, 'k.yaml': pod('p', [['a', 'redis:7']]) });
    expect(got).toEqual({ 'p/a': [] });
  });
});
