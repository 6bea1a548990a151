import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { reportValidator } from '../../report/schema.js';
import { buildLayer, pushImage, pushIndex } from '../../helpers/oci-push.js';
import { closeClients, registry, repo, tmp } from '../registry/context.js';
import { SKIP, binary, dockerConfig, tlsClient } from '../../rules/image/helpers.js';

if (SKIP) it.skip(`image CLI tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('kubewhy image / lint --images through the CLI (TLS registry, --ca-file, Docker config credentials)', () => {
  afterAll(closeClients);

  it('prints the facts and the findings of a cgo image, and never the password', async () => {
    const info = registry!;
    const name = `${info.tls.host}/${repo('cli')}`;
    const pusher = tlsClient();
    const amd = await pushImage(pusher, name, { layers: [await buildLayer([{ path: 'app', content: binary('cgo-dynamic'), mode: 0o755 }])], config: { Entrypoint: ['/app'] } });
    const arm = await pushImage(pusher, name, { layers: [await buildLayer([{ path: 'app', content: binary('server-arm64'), mode: 0o755 }])], config: { Entrypoint: ['/app'], User: '65532' }, platform: { os: 'linux', architecture: 'arm64' } });
    await pushIndex(pusher, name, 'v1', [
      { manifest: amd.manifest, platform: { os: 'linux', architecture: 'amd64' } },
      { manifest: arm.manifest, platform: { os: 'linux', architecture: 'arm64' } },
    ]);
    const config = dockerConfig(info.tls.host, 'alice', info.users.alice);
    const env = { KUBEWHY_CACHE: tmp('cli-cache') };

    const r = cli(['image', `${name}:v1`, '--ca-file', info.caFile, '--docker-config', config], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`image      ${name}:v1`);
    expect(r.stdout).toContain('platforms  linux/amd64, linux/arm64 (index)');
    expect(r.stdout).toMatch(/ {2}elf {9}64-bit amd64 dynamic, interpreter \/lib64\/ld-linux-x86-64\.so\.2 absent/);
    expect(r.stdout).toMatch(/ {2}go {10}go1\.\d+\S* example\.com\/imagefix CGO_ENABLED=1 linux\/amd64/);
    expect(r.stdout).toContain(`Image/${name}:v1`);
    expect(r.stdout).toContain(`error    image: /app in ${name}:v1 wants the loader /lib64/ld-linux-x86-64.so.2, which the image does not have`);
    expect(r.stdout).toContain("[image-missing-interpreter A3]");
    expect(r.stdout + r.stderr).not.toContain(info.users.alice);

    const armRun = cli(['image', `${name}:v1`, '--platform', 'linux/arm64', '--ca-file', info.caFile, '--docker-config', config, '--format', 'json'], { env });
    expect(armRun.code).toBe(0);
    // arm64 is the static server build as a numeric user: only the advice to pin the moving tag v1 remains.
    const armDoc = JSON.parse(armRun.stdout) as { findings: { ruleId: string }[]; image: { platforms: unknown[]; inspected: { platform: unknown; facts: { user: { uid: number }; entrypoint: { elf: { goarch: string } } } }[] } };
    expect(armDoc.findings.map((f) => f.ruleId)).toEqual(['image-tag-not-pinned']);
    const validate = reportValidator();
    expect(validate(armDoc), JSON.stringify(validate.errors)).toBe(true);
    expect(armDoc.image.platforms).toEqual([{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }]);
    expect(armDoc.image.inspected.map((p) => [p.platform, p.facts.user.uid, p.facts.entrypoint.elf.goarch])).toEqual([[{ os: 'linux', architecture: 'arm64' }, 65532, 'arm64']]);

    const noCreds = cli(['image', `${name}:v1`, '--ca-file', info.caFile, '--docker-config', dockerConfig(info.tls.host, 'alice', 'not-the-password-4711')], { env });
    expect(noCreds.code).toBe(1);
    expect(noCreds.stdout).toContain('[image-registry-unauthorized B2]');
    expect(noCreds.stdout + noCreds.stderr).not.toContain('not-the-password-4711');

    const untrusted = cli(['image', `${name}:v1`, '--docker-config', config], { env });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('[image-registry-tls B3]');
  });

  it('lint --images inspects every manifest image once and runs the image rules against the arm64 node selector', async () => {
    const info = registry!;
    const name = `${info.tls.host}/${repo('cli')}`;
    const pusher = tlsClient();
    const amd = await pushImage(pusher, name, { layers: [await buildLayer([{ path: 'app', content: binary('server-static'), mode: 0o755 }])], config: { Entrypoint: ['/app'], User: '65532' }, tag: 'amd' });
    await pushIndex(pusher, name, 'v1', [{ manifest: amd.manifest, platform: { os: 'linux', architecture: 'amd64' } }]);
    const dir = tmp('lint-images-cli');
    mkdirSync(join(dir, 'k8s'), { recursive: true });
    const deploy = (n: string, extra: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${n}\nspec:\n  selector:\n    matchLabels: {app: ${n}}\n  template:\n    metadata:\n      labels: {app: ${n}}\n    spec:\n${extra}      containers:\n        - name: ${n}\n          image: ${name}:v1\n          resources: {requests: {cpu: 10m, memory: 16Mi}}\n`;
    writeFileSync(join(dir, 'k8s/api.yaml'), deploy('api', '      nodeSelector:\n        kubernetes.io/arch: arm64\n'));
    writeFileSync(join(dir, 'k8s/worker.yaml'), deploy('worker', ''));
    writeFileSync(join(dir, 'k8s/missing.yaml'), deploy('missing', '').replace(`${name}:v1`, `${name}:nope`));
    const config = dockerConfig(info.tls.host, 'alice', info.users.alice);
    const r = cli(['lint', '--images', '--ca-file', info.caFile, '--docker-config', config, '--format', 'json', 'k8s'], { cwd: dir, env: { KUBEWHY_CACHE: tmp('cli-cache') } });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; fault: string; location?: unknown; subject?: { span?: { file: string; line: number } }; message: string }[] };
    const image = doc.findings.filter((f) => f.ruleId.startsWith('image-') && f.ruleId !== 'image-latest-tag' && f.ruleId !== 'image-tag-not-pinned');
    expect(image.map((f) => `${f.ruleId} ${f.fault} ${f.message.split(':')[0]}`)).toEqual([
      'image-missing-node-platform B4 container "api"',
      'image-not-in-registry B1 container "missing"',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(info.users.alice);
  });

  it('lint --images with an unreadable CA file is an input error naming the file (exit 2), not a crash', () => {
    const dir = tmp('lint-images-ca');
    writeFileSync(join(dir, 'deploy.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: registry.invalid/app:1\n');
    const r = cli(['lint', '--images', '--ca-file', join(dir, 'missing-ca.pem'), '--format', 'json', '.'], { cwd: dir, env: { KUBEWHY_CACHE: tmp('cli-cache') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubewhy: registry: ${join(dir, 'missing-ca.pem')}: cannot read the CA file\n`);
  });
});
