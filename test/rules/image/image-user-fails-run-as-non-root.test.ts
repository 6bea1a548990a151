import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-user-fails-run-as-non-root.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-user-fails-run-as-non-root', () => {
  afterAll(closeClients);

  const nonRoot = '      securityContext:\n        runAsNonRoot: true';

  it('fires with the kubelet wording for a root image and for a user name', async () => {
    const root = await pushGoImage(plainRepo(), { binary: 'hello' });
    const named = await pushGoImage(plainRepo(), { binary: 'hello', config: { Entrypoint: ['/app'], User: 'app' }, files: [{ path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/false\n' }] });
    const r = await lintImages({ 'a.yaml': deployment(root.ref, nonRoot), 'b.yaml': deployment(named.ref, nonRoot) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `a.yaml:14:18 image-user-fails-run-as-non-root C3 container "api": the kubelet refuses to start it: "container has runAsNonRoot and image will run as root" (CreateContainerConfigError) — ${root.ref} has no User (root) and nothing sets runAsUser`,
      `b.yaml:14:18 image-user-fails-run-as-non-root C3 container "api": the kubelet refuses to start it: "container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root" (CreateContainerConfigError) — ${named.ref} has User "app" (uid 1000 in /etc/passwd, but the kubelet does not read it) and nothing sets runAsUser`,
    ]);
    expect(r.findings[0]!.evidence[0]).toMatchObject({ fieldPath: 'spec.template.spec.securityContext.runAsNonRoot', span: { line: 16 } });
  });

  it('does not fire for a numeric non-root user, or when runAsUser is set', async () => {
    const numeric = await pushGoImage(plainRepo(), { binary: 'hello', config: { Entrypoint: ['/app'], User: '65532:65532' } });
    const root = await pushGoImage(plainRepo(), { binary: 'hello' });
    const r = await lintImages({ 'a.yaml': deployment(numeric.ref, nonRoot), 'b.yaml': deployment(root.ref, nonRoot + '\n        runAsUser: 1000') }, [rule]);
    expect(lines(r)).toEqual([]);
  });
});
