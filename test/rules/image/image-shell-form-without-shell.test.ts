import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-shell-form-without-shell.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-shell-form-without-shell', () => {
  afterAll(closeClients);

  it('fires for a shell-form entrypoint in an image without /bin/sh', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'server-static', config: { Entrypoint: ['/bin/sh', '-c', '/app --port 8080'] } });
    const r = await lintImages({ 'deploy.yaml': deployment(ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `deploy.yaml:14:18 image-shell-form-without-shell A6 container "api": ${ref} runs ["/bin/sh","-c","/app --port 8080"] (shell form) but has no /bin/sh: the container fails with "exec: \\"/bin/sh\\": stat /bin/sh: no such file or directory"`,
    ]);
  });

  it('does not fire for the exec form, or with a shell in the image', async () => {
    const exec = await pushGoImage(plainRepo(), { binary: 'server-static' });
    const shell = await pushGoImage(plainRepo(), { binary: 'server-static', config: { Entrypoint: ['/bin/sh', '-c', '/app'] }, files: [{ path: 'bin/sh', content: '#!shell', mode: 0o755 }] });
    const r = await lintImages({ 'a.yaml': deployment(exec.ref), 'b.yaml': deployment(shell.ref) }, [rule]);
    expect(lines(r)).toEqual([]);
  });
});
