import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-missing-interpreter.js';
import { RULES } from '../../../src/rules/index.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

describe.skipIf(SKIP !== '')('image-missing-interpreter', () => {
  afterAll(closeClients);

  it('fires for a cgo binary on an image without its glibc loader, naming the loader and the libc', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'cgo-dynamic' });
    const r = await lintImages({ 'deploy.yaml': deployment(ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `deploy.yaml:14:18 image-missing-interpreter A3 container "api": /app in ${ref} wants the loader /lib64/ld-linux-x86-64.so.2, which the image does not have: ` +
        'exec fails with "no such file or directory"; the binary expects glibc (a debian/ubuntu or distroless/base runtime image)',
    ]);
    const ev = r.findings[0]!.evidence.map((e) => e.message);
    expect(ev[0]).toMatch(/: \/app \(layer 1 of 1, mode 0755, uid 0\) is a dynamically linked ELF: PT_INTERP \/lib64\/ld-linux-x86-64\.so\.2 and needs .*libc\.so\.6/);
    expect(ev[1]).toBe('looked up in the image: /lib64/ld-linux-x86-64.so.2 absent (/lib64: in no layer)');
    expect(ev[2]).toMatch(/^Go build info: CGO_ENABLED=1 \(go1\.\d+/);
  });

  it('does not fire when the loader is in the image, or for a static binary', async () => {
    const withLoader = await pushGoImage(plainRepo(), { binary: 'cgo-dynamic', files: [{ path: 'lib64/ld-linux-x86-64.so.2', content: 'loader', mode: 0o755 }] });
    const staticBin = await pushGoImage(plainRepo(), { binary: 'server-static' });
    const r = await lintImages({ 'a.yaml': deployment(withLoader.ref), 'b.yaml': deployment(staticBin.ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([]);
  });
});

describe.skipIf(SKIP !== '')('image-missing-interpreter beside the static A3 rules', () => {
  afterAll(closeClients);

  it('fires on the container image field while the Dockerfile rules fire on the Dockerfile, and says the image confirms them', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'cgo-dynamic' });
    const files = {
      Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'go.mod': 'module example.com/api\n\ngo 1.22\n',
      'main.go': 'package main\n\n// int twice(int x) { return 2 * x; }\nimport "C"\n\nfunc main() { println(C.twice(21)) }\n',
      'deploy.yaml': deployment(ref).replace('      labels: {app: api}', '      labels: {app: api}\n      annotations:\n        kubewhy.dev/dockerfile: Dockerfile'),
    };
    const r = await lintImages(files, RULES);
    const a3 = r.findings.filter((f) => f.fault === 'A3');
    const mine = a3.find((f) => f.ruleId === 'image-missing-interpreter')!;
    expect(mine.subject.span).toMatchObject({ file: 'deploy.yaml', line: 16 });
    expect(mine.message).toMatch(/ — the pushed image confirms what the Dockerfile suggests$/);
    expect(mine.evidence.at(-1)).toMatchObject({ span: { file: 'Dockerfile', line: 5 }, message: 'runtime stage: FROM gcr.io/distroless/static-debian12' });
    const statics = a3.filter((f) => f.ruleId !== 'image-missing-interpreter');
    expect(statics.length).toBeGreaterThan(0);
    for (const f of statics) expect(f.subject.span?.file).not.toBe('deploy.yaml');
  });
});
