import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config.js';
import { diagnose, loadRepo } from '../../src/core/diagnose.js';
import { loadSnapshot } from '../../src/load/snapshot.js';
import { RULES } from '../../src/rules/index.js';
import { cli, REPO } from '../helpers/cli.js';

const FIXTURE = join(REPO, 'test/fixtures/cluster/repo-join');

describe('diagnose --repo: static facts of the checkout join the live chains', () => {
  it('A3 exec failure + the cgo build on a libc-less base; E1 OOM + the manifest without GOMEMLIMIT; C3 missing Secret + the code that requires the variable; a 404 probe + the routes', async () => {
    const config = defaultConfig();
    const state = await loadSnapshot(join(FIXTURE, 'snapshot'), config.limits);
    const repo = await loadRepo(join(FIXTURE, 'repo'), config, RULES);
    expect(repo.prefix).toBe('test/fixtures/cluster/repo-join/repo');
    const r = diagnose({ state, config, rules: RULES, namespace: 'shop', repo });
    expect(r.inputErrors).toEqual([]);
    const by = (id: string) => r.findings.find((f) => f.ruleId === id)!;
    const repoEvidence = (id: string) => by(id).evidence.filter((e) => e.span).map((e) => `${e.span!.file}:${e.span!.line} ${e.message}`);

    const exec = by('exec-binary-missing-interpreter');
    expect(exec.fault).toBe('A3');
    expect(repoEvidence('exec-binary-missing-interpreter')).toEqual([
      'test/fixtures/cluster/repo-join/repo/orders/Dockerfile:1 Deployment shop/orders runs the image built by test/fixtures/cluster/repo-join/repo/orders/Dockerfile',
      'test/fixtures/cluster/repo-join/repo/orders/Dockerfile:7 from the repo: /orders is dynamically linked against glibc (cmd/orders uses cgo (net/http uses the cgo DNS resolver (getaddrinfo from libc)) and cgo is on in golang:1.23) but gcr.io/distroless/static-debian12 has no libc: the container fails with "exec /orders: no such file or directory" [cgo-binary-on-libcless-base A3]',
      'test/fixtures/cluster/repo-join/repo/cmd/orders/main.go:4   net/http uses the cgo DNS resolver (getaddrinfo from libc)',
      'test/fixtures/cluster/repo-join/repo/orders/Dockerfile:6   built here (golang:1.23 ships gcc, so cgo defaults to on)',
      'test/fixtures/cluster/repo-join/repo/orders/Dockerfile:1   golang:1.23 ships gcc, so cgo defaults to on',
      'test/fixtures/cluster/repo-join/repo/orders/Dockerfile:8   copied into the runtime stage as /orders',
    ]);
    // The root cause stays the last link of the chain.
    expect(exec.evidence.at(-1)!.message).toMatch(/^root cause: /);

    expect(repoEvidence('oomkilled')).toEqual([
      'test/fixtures/cluster/repo-join/repo/billing/Dockerfile:1 Deployment shop/billing runs the image built by test/fixtures/cluster/repo-join/repo/billing/Dockerfile',
      expect.stringMatching(/^test\/fixtures\/cluster\/repo-join\/repo\/deploy\/billing\.yaml:28 from the repo: container "billing" has a 256Mi memory limit but no GOMEMLIMIT.*\[memory-limit-without-gomemlimit E1\]$/),
    ]);

    expect(repoEvidence('container-config-missing-ref')).toEqual([
      'test/fixtures/cluster/repo-join/repo/payments/Dockerfile:1 Deployment shop/payments runs the image built by test/fixtures/cluster/repo-join/repo/payments/Dockerfile',
      'test/fixtures/cluster/repo-join/repo/cmd/payments/main.go:10 the code reads DB_PASSWORD (os.Getenv) and stops without it',
    ]);

    // Readiness GET /readyz answers 404: the route table of the binary has no such path (D3).
    expect(repoEvidence('readiness-never-true')).toEqual([
      'test/fixtures/cluster/repo-join/repo/catalog/Dockerfile:1 Deployment shop/catalog runs the image built by test/fixtures/cluster/repo-join/repo/catalog/Dockerfile',
      'test/fixtures/cluster/repo-join/repo/cmd/catalog/main.go:8 the code built into the image registers no GET /readyz (it serves /healthz)',
    ]);
  });

  it('without --repo the chains are the live ones only', async () => {
    const config = defaultConfig();
    const state = await loadSnapshot(join(FIXTURE, 'snapshot'), config.limits);
    const r = diagnose({ state, config, rules: RULES, namespace: 'shop' });
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['container-config-missing-ref', 'exec-binary-missing-interpreter', 'oomkilled', 'readiness-never-true']);
    expect(r.findings.flatMap((f) => f.evidence).filter((e) => e.span)).toEqual([]);
  });

  it('CLI: --repo PATH with --from; a missing directory is a usage error', () => {
    const r = cli(['diagnose', '--from', 'test/fixtures/cluster/repo-join/snapshot', '--repo', 'test/fixtures/cluster/repo-join/repo', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('from the repo: /orders is dynamically linked against glibc');
    expect(r.stdout).toContain('test/fixtures/cluster/repo-join/repo/cmd/payments/main.go:10');
    const bad = cli(['diagnose', '--from', 'test/fixtures/cluster/repo-join/snapshot', '--repo', 'no/such/dir']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kubewhy diagnose: --repo no/such/dir: not a directory\n');
  });
});
