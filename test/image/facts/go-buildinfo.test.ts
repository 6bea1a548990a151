import { describe, expect, it } from 'vitest';
import { parseModInfo } from '../../../src/image/facts/go-buildinfo.js';

// The module-info text format (runtime/debug.BuildInfo.String): tab-separated lines, and build
// settings whose key or value the go command quotes with strconv.Quote when they hold spaces,
// tabs, quotes or '='. The real-binary cases are in go-binaries.test.ts.
describe('module info text', () => {
  it('quoted values and keys, escapes, replaced deps, blank lines', () => {
    const text = [
      'path\texample.com/svc/cmd/api',
      'mod\texample.com/svc\tv1.2.3\th1:abc=',
      'dep\tgolang.org/x/sys\tv0.20.0\th1:def=',
      'dep\texample.com/lib\tv0.1.0',
      '=>\t../lib\t(devel)\t',
      '',
      'build\t-ldflags="-s -w -X \\"main.name=a b\\""',
      'build\t-gcflags=`all=-N -l`',
      'build\t"we=ird\\tkey"=plain',
      'build\tCGO_ENABLED=1',
      'build\t-tags=netgo,osusergo',
      'build\tvcs.modified=true',
      '',
    ].join('\n');
    const info = parseModInfo(text);
    expect(info.path).toBe('example.com/svc/cmd/api');
    expect(info.main).toEqual({ path: 'example.com/svc', version: 'v1.2.3', sum: 'h1:abc=' });
    expect(info.deps).toEqual([
      { path: 'golang.org/x/sys', version: 'v0.20.0', sum: 'h1:def=' },
      { path: 'example.com/lib', version: 'v0.1.0', replace: { path: '../lib', version: '(devel)' } },
    ]);
    expect(info.settings).toEqual([
      { key: '-ldflags', value: '-s -w -X "main.name=a b"' },
      { key: '-gcflags', value: 'all=-N -l' },
      { key: 'we=ird\tkey', value: 'plain' },
      { key: 'CGO_ENABLED', value: '1' },
      { key: '-tags', value: 'netgo,osusergo' },
      { key: 'vcs.modified', value: 'true' },
    ]);
    expect(info).toMatchObject({ cgoEnabled: true, ldflags: '-s -w -X "main.name=a b"', tags: ['netgo', 'osusergo'], trimpath: false });
    // vcs.* settings without a `vcs` line are not a VCS stamp.
    expect(info.vcs).toBeUndefined();
  });
});
