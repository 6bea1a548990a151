import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, isDockerfileName } from '../../src/load/discover.js';

const made: string[] = [];
afterEach(async () => {
  for (const d of made.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

/** A temp tree: `path → text`; returns its realpath so symlink results compare cleanly. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'kubewhy-discover-')));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
  return root;
}

async function found(root: string, paths: string[] = [root], ignoreGlobs: string[] = []) {
  const { files, errors } = await discover(paths, root, ignoreGlobs);
  return { files: files.map((f) => `${f.kind} ${f.rel}`), errors };
}

describe('discover', () => {
  it('finds Dockerfiles, manifests, go.mod and Go source by name, sorted by path', async () => {
    const root = await tree({
      'Dockerfile': '',
      'build/Containerfile': '',
      'build/Dockerfile.prod': '',
      'build/api.Dockerfile': '',
      'build/Dockerfile.dockerignore': '',
      'deploy/app.yaml': '',
      'deploy/svc.yml': '',
      'deploy/list.json': '',
      'go.mod': '',
      'main.go': '',
      'README.md': '',
    });
    expect(await found(root)).toEqual({
      files: [
        'dockerfile Dockerfile',
        'dockerfile build/Containerfile',
        'dockerfile build/Dockerfile.prod',
        'dockerfile build/api.Dockerfile',
        'manifest deploy/app.yaml',
        'manifest deploy/list.json',
        'manifest deploy/svc.yml',
        'gomod go.mod',
        'gosrc main.go',
      ],
      errors: [],
    });
  });

  it('skips deny-listed YAML/JSON that is never Kubernetes', async () => {
    const root = await tree({
      'package.json': '{}',
      'web/package-lock.json': '{}',
      'tsconfig.build.json': '{}',
      'api.schema.json': '{}',
      '.kubewhy.yaml': '',
      '.golangci.yml': '',
      'k8s/deploy.json': '{}',
    });
    expect((await found(root)).files).toEqual(['manifest k8s/deploy.json']);
  });

  it('honours nested .gitignore files relative to their own directory, deepest rule winning', async () => {
    const root = await tree({
      '.gitignore': '*.yml\n/top-only.yaml\n',
      'top-only.yaml': '',
      'a.yml': '',
      'sub/top-only.yaml': '',
      'sub/b.yml': '',
      'sub/.gitignore': '!keep.yml\ngenerated/\n',
      'sub/keep.yml': '',
      'sub/generated/x.yaml': '',
      'sub/deeper/keep.yml': '',
    });
    expect((await found(root)).files).toEqual([
      'manifest sub/deeper/keep.yml',
      'manifest sub/keep.yml',
      'manifest sub/top-only.yaml',
    ]);
  });

  it('applies .gitignore files above a directory named on the command line', async () => {
    const root = await tree({ '.gitignore': 'secret.yaml\n', 'k8s/app.yaml': '', 'k8s/secret.yaml': '' });
    expect((await found(root, [path.join(root, 'k8s')])).files).toEqual(['manifest k8s/app.yaml']);
  });

  it('applies ignore globs relative to the lint root', async () => {
    const root = await tree({ 'k8s/app.yaml': '', 'k8s/test/fixture.yaml': '', 'test/fixture.yaml': '', 'Dockerfile.dev': '' });
    expect((await found(root, [root], ['/test/', 'Dockerfile.*'])).files).toEqual([
      'manifest k8s/app.yaml',
      'manifest k8s/test/fixture.yaml',
    ]);
  });

  it('always skips .git and node_modules, and vendor/ only beside go.mod', async () => {
    const root = await tree({
      '.git/config.yaml': '',
      'node_modules/x/deploy.yaml': '',
      'svc/go.mod': '',
      'svc/vendor/modules.txt': '',
      'svc/vendor/github.com/x/y/go.mod': '',
      'ui/vendor/deploy.yaml': '',
    });
    expect((await found(root)).files).toEqual(['gomod svc/go.mod', 'manifest ui/vendor/deploy.yaml']);
  });

  it('reports a kustomize directory once and none of the YAML below it', async () => {
    const root = await tree({
      'deploy/base/kustomization.yaml': 'resources: [app.yaml]',
      'deploy/base/app.yaml': '',
      'deploy/base/patches/p.yaml': '',
      'deploy/overlays/prod/Kustomization': '',
      'deploy/overlays/prod/patch.yml': '',
      'deploy/overlays/prod/Dockerfile': '',
      'deploy/standalone.yaml': '',
    });
    expect((await found(root)).files).toEqual([
      'kustomization deploy/base',
      'kustomization deploy/overlays/prod',
      'dockerfile deploy/overlays/prod/Dockerfile',
      'manifest deploy/standalone.yaml',
    ]);
  });

  it('skips YAML inside a Helm chart (templates are not YAML until rendered)', async () => {
    const root = await tree({ 'chart/Chart.yaml': '', 'chart/values.yaml': '', 'chart/templates/deploy.yaml': '{{ .Values }}' });
    expect((await found(root)).files).toEqual([]);
  });

  it('takes explicit file arguments as named, even inside a kustomize dir or a deny list', async () => {
    const root = await tree({
      'k/kustomization.yml': '',
      'k/patch.yaml': '',
      'package.json': '{}',
      'notes.txt': '',
    });
    const args = ['k/patch.yaml', 'package.json', 'k/kustomization.yml', 'notes.txt'].map((p) => path.join(root, p));
    expect(await found(root, args)).toEqual({
      files: ['kustomization k', 'manifest k/patch.yaml', 'manifest package.json'],
      errors: [{ file: 'notes.txt', message: 'not a Dockerfile, go.mod, kustomization or .yaml/.yml/.json manifest' }],
    });
  });

  it('resolves cwd-relative arguments and reports missing ones', async () => {
    const root = await tree({ 'Dockerfile': '' });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(await found(root, ['Dockerfile', 'missing.yaml'])).toEqual({
        files: ['dockerfile Dockerfile'],
        errors: [{ file: 'missing.yaml', message: 'no such file or directory' }],
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('follows symlinked files and directories', async () => {
    const root = await tree({ 'real/app.yaml': '', 'shared/Dockerfile': '' });
    await fs.symlink(path.join(root, 'shared/Dockerfile'), path.join(root, 'Dockerfile'));
    await fs.mkdir(path.join(root, 'links'));
    await fs.symlink('../real', path.join(root, 'links/k8s'));
    const { files } = await found(root, [path.join(root, 'links'), path.join(root, 'Dockerfile')]);
    expect(files).toEqual(['dockerfile Dockerfile', 'manifest links/k8s/app.yaml']);
  });

  it('reads a tree reached through two symlinks only once', async () => {
    const root = await tree({ 'real/app.yaml': '' });
    await fs.symlink('real', path.join(root, 'a'));
    await fs.symlink('real', path.join(root, 'b'));
    expect(await found(root)).toEqual({ files: ['manifest real/app.yaml'], errors: [] });
  });

  it('reports a symlink loop and a broken symlink, and keeps going', async () => {
    const root = await tree({ 'a/b/app.yaml': '' });
    await fs.symlink('../..', path.join(root, 'a/b/up'));
    await fs.symlink('nowhere.yaml', path.join(root, 'dangling.yaml'));
    await fs.symlink('self', path.join(root, 'self'));
    expect(await found(root)).toEqual({
      files: ['manifest a/b/app.yaml'],
      errors: [
        { file: 'a/b/up', message: 'symlink loop' },
        { file: 'dangling.yaml', message: 'broken symlink' },
        { file: 'self', message: 'symlink loop' },
      ],
    });
  });

  it('reports a link through a file as broken, once, and a FIFO argument as unreadable', async () => {
    const root = await tree({ 'Dockerfile': '' });
    await fs.symlink('Dockerfile/x', path.join(root, 'through-a-file'));
    execFileSync('mkfifo', [path.join(root, 'pipe.yaml')]);
    const args = ['through-a-file', 'pipe.yaml', '.'].map((p) => path.join(root, p));
    expect(await found(root, args)).toEqual({
      files: ['dockerfile Dockerfile'],
      errors: [
        { file: 'pipe.yaml', message: 'not a regular file or directory' },
        { file: 'through-a-file', message: 'broken symlink' },
      ],
    });
  });
});

describe('isDockerfileName', () => {
  it.each([
    ['Dockerfile', true],
    ['Containerfile', true],
    ['Dockerfile.prod', true],
    ['Containerfile.arm64', true],
    ['api.Dockerfile', true],
    ['api.dockerfile', true],
    ['Dockerfile.dockerignore', false],
    ['Dockerfiles', false],
    ['docker-compose.yaml', false],
  ])('%s → %s', (name, expected) => {
    expect(isDockerfileName(name)).toBe(expected);
  });
});
