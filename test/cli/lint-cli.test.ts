import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, cli } from '../helpers/cli.js';
import { writeTree } from '../helpers/workspace.js';
import { reportValidator, sarifValidator } from '../report/schema.js';

const latestDeploy = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:latest
          resources: { requests: { cpu: 10m, memory: 32Mi } }
          readinessProbe: { httpGet: { path: /, port: 80 } }
          livenessProbe: { httpGet: { path: /healthz, port: 80 } }
`;

describe('kubewhy lint (CLI)', () => {
  it('reports the broken example and exits 1; the clean one exits 0 with no findings', () => {
    const broken = cli(['lint', 'examples/broken-shop']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/\[go-toolchain-mismatch A1\]/);
    expect(broken.stdout).toMatch(/^1 error, 7 warnings, 9 info in \d+ files, 4 objects$/m);
    const clean = cli(['lint', 'examples/clean-service', '--fail-on', 'warning']);
    expect(clean.stdout).toMatch(/^0 errors, 0 warnings, 1 info in \d+ files, 5 objects$/m);
    expect(clean.code).toBe(0);
  });

  it('JSON output validates against the committed schema; SARIF against the SARIF 2.1.0 schema', () => {
    const json = cli(['lint', 'examples/broken-shop', '-f', 'json']);
    const doc = JSON.parse(json.stdout);
    const validate = reportValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.findings.length).toBeGreaterThan(5);
    const sarif = JSON.parse(cli(['lint', 'examples/broken-shop', '-f', 'sarif']).stdout);
    const validateSarif = sarifValidator();
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('examples/broken-shop/Dockerfile');
  });

  it('--fail-on sets the threshold; --output writes the report to a file', async () => {
    expect(cli(['lint', 'examples/broken-shop', '--fail-on', 'never']).code).toBe(0);
    const dir = await writeTree({ 'k8s/web.yaml': latestDeploy });
    expect(cli(['lint', dir]).code).toBe(0);
    expect(cli(['lint', dir, '--fail-on', 'warning']).code).toBe(1);
    const out = join(dir, 'report.md');
    const r = cli(['lint', dir, '-f', 'markdown', '-o', out]);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/image-latest-tag/);
  });

  it('bad input: one line per broken file with its position, other findings still reported, exit 2', async () => {
    const dir = await writeTree({
      'k8s/web.yaml': latestDeploy,
      'k8s/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n',
      'k8s/syntax.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n',
      'k8s/garbage.yaml': '',
      'k8s/huge.yaml': '',
      'k8s/bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: lol }\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
      'k8s/many.yaml': Array.from({ length: 1000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-${i} }\n`).join('---\n'),
      'Dockerfile': 'RUN echo no from\nFROM alpine:latest\nBOGUS instruction\n',
    });
    await writeFile(join(dir, 'k8s/garbage.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe]));
    await truncate(join(dir, 'k8s/huge.yaml'), 50 * 1024 * 1024);
    await mkdir(join(dir, 'loop'));
    await symlink('..', join(dir, 'loop/up'));
    const r = cli(['lint', dir]);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    const errorLine = (re: RegExp) => lines.filter((l) => re.test(l));
    expect(errorLine(/k8s\/broken\.yaml:5:3: .*unique/i)).toHaveLength(1);
    expect(errorLine(/k8s\/syntax\.yaml:\d+:\d+: /)).toHaveLength(1);
    expect(errorLine(/k8s\/garbage\.yaml: not a text file/)).toHaveLength(1);
    expect(errorLine(/k8s\/huge\.yaml: file is 50 MB, over the 10 MB limit/)).toHaveLength(1);
    expect(errorLine(/k8s\/bomb\.yaml:\d+:\d+: .*alias/i)).toHaveLength(1);
    expect(errorLine(/loop\/up: symlink loop/)).toHaveLength(1);
    expect(errorLine(/Dockerfile:1:1: /)).toHaveLength(1);
    expect(errorLine(/Dockerfile:3:1: /)).toHaveLength(1);
    // The rest of the run went on: the 1,000 documents loaded, the valid files were checked.
    expect(r.stdout).toMatch(/uses the mutable tag in nginx:latest/);
    expect(r.stdout).toMatch(/base image alpine:latest/);
    expect(r.stdout).toMatch(/in \d+ files, 1001 objects; 8 input errors/);
    // A bigger limit lets the huge file through (it is all NUL bytes, so it is then "not a text file").
    expect(cli(['lint', join(dir, 'k8s/huge.yaml'), '--max-file-size', '60MB']).stdout).toMatch(/huge\.yaml: not a text file/);
  });

  it('usage errors exit 2 with a one-line message', () => {
    const bad = cli(['lint', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'xml' is invalid/);
    expect(cli(['lint', '--no-such-flag']).code).toBe(2);
    const missing = cli(['lint', 'does/not/exist']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/does\/not\/exist: no such file or directory/);
  });

});

describe('suppression end to end', () => {
  it('config, annotations, Dockerfile comments and baselines suppress but still count', async () => {
    const dir = await writeTree({
      '.kubewhy.yaml': 'rules:\n  no-liveness-probe: off\n',
      'web.yaml': latestDeploy.replace('metadata: { name: web, namespace: shop }', 'metadata:\n  name: web\n  namespace: shop\n  annotations: { kubewhy.dev/ignore: "image-latest-tag" }'),
      'Dockerfile': 'FROM golang:1.23 AS b\nRUN true\n# kubewhy:ignore base-image-latest\nFROM alpine:latest\nCOPY --from=b /x /x\n',
    });
    const r = cli(['lint', '.', '-f', 'json'], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    const suppressed = doc.findings.filter((f: { suppressed?: unknown }) => f.suppressed);
    expect(suppressed.map((f: { ruleId: string; suppressed: { kind: string } }) => [f.ruleId, f.suppressed.kind])).toEqual([
      ['base-image-latest', 'comment'],
      ['image-latest-tag', 'annotation'],
    ]);
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('no-liveness-probe');
    expect(doc.summary.suppressed).toBe(2);
    expect(cli(['lint', '.'], { cwd: dir }).stdout).toMatch(/\(2 suppressed\)/);

    await writeFile(join(dir, '.kubewhy.yaml'), 'rules:\n  no-liveness-probe: off\n  no-such-rule: off\n');
    const unknown = cli(['lint', '.'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('a baseline hides known findings and reports only new ones', async () => {
    const dir = await writeTree({ 'web.yaml': latestDeploy });
    expect(cli(['lint', '.', '--write-baseline', 'base.json', '--fail-on', 'warning'], { cwd: dir }).code).toBe(1);
    const again = cli(['lint', '.', '--baseline', 'base.json', '--fail-on', 'warning'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(1 suppressed\)/);
    await writeFile(join(dir, 'api.yaml'), latestDeploy.replaceAll('web', 'api'));
    const added = cli(['lint', '.', '--baseline', 'base.json', '--fail-on', 'warning'], { cwd: dir });
    expect(added.code).toBe(1);
    expect(added.stdout).toMatch(/container "api" uses the mutable tag/);
    expect(added.stdout).not.toMatch(/container "web"/);
  });
});

describe('kubectl plugin', () => {
  const kubectl = (process.env.PATH ?? '').split(':').map((d) => join(d, 'kubectl')).find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });

  it.skipIf(!kubectl)('kubectl finds kubectl-why on PATH and runs it as `kubectl why`', async () => {
    const bin = await writeTree({});
    await symlink(join(REPO, 'dist/cli/main.js'), join(bin, 'kubectl-why'));
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const r = spawnSync(kubectl!, ['why', 'rules'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^go-toolchain-mismatch\s+A1\s+error/m);
    expect(spawnSync(kubectl!, ['why', '--help'], { env, encoding: 'utf8' }).stdout).toMatch(/^Usage: kubectl why /);
  });
});

describe('kubewhy diagnose (CLI)', () => {
  it('diagnoses a snapshot, groups by owner, exits 1 on errors; a target narrows it', () => {
    const all = cli(['diagnose', '--from', 'test/fixtures/cluster/image-pull']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^ {2}error {4}2\/2 pods of Deployment shop\/api: ImagePullBackOff — tag v1\.2\.4 not found in registry\.example\.com\/shop\/api {2}\[image-not-found B1\]$/m);
    expect(all.stdout).toMatch(/^5 errors, 1 warning, 0 info in 0 files, 22 objects$/m);
    const one = cli(['diagnose', 'deploy/billing', '-n', 'billing', '--from', 'test/fixtures/cluster/image-pull', '-f', 'json']);
    const doc = JSON.parse(one.stdout);
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['image-pull-unauthorized']);
    expect(cli(['diagnose', 'deploy/web', '-n', 'shop', '--from', 'test/fixtures/cluster/image-pull']).code).toBe(0);
  });

  it('usage: bad target, unreadable kubeconfig, empty snapshot', async () => {
    expect(cli(['diagnose', 'api', '--from', '.']).stderr).toMatch(/"api" is not TYPE\/NAME/);
    const live = cli(['diagnose'], { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
    expect(live.code).toBe(2);
    expect(live.stderr).toBe("kubewhy diagnose: cannot read the kubeconfig: ENOENT: no such file or directory, open '/nonexistent/kubeconfig'\n");
    const empty = await writeTree({ 'README.md': 'nothing here' });
    const r = cli(['diagnose', '--from', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to diagnose/);
  });
});
