import { execFile } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';

const TIMEOUT_MS = 60_000;
const MAX_BUFFER = 64 * 1024 * 1024;

/** `originOf` turns an object's `config.kubernetes.io/origin` path into an absolute source path. */
export type RenderResult = { text: string; originOf: (path: string) => string } | { error: string };

/**
 * Renders a Kustomize directory the way `kubectl apply -k` would, through a throw-away wrapper
 * kustomization that adds `buildMetadata: [originAnnotations]`: every object then names the file
 * it came from, so findings can point into the user's sources, and their files stay untouched.
 */
export async function renderKustomization(dirAbs: string): Promise<RenderResult> {
  const wrapper = await fs.mkdtemp(join(tmpdir(), 'kubewhy-kustomize-'));
  try {
    // Kustomize refuses absolute resource paths; a relative one works from anywhere.
    const resource = relative(wrapper, dirAbs);
    await fs.writeFile(join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(resource)}\nbuildMetadata: [originAnnotations]\n`);
    const rendered = await run(wrapper);
    return 'error' in rendered ? rendered : { text: rendered.text, originOf: (path) => resolve(wrapper, path) };
  } finally {
    await fs.rm(wrapper, { recursive: true, force: true });
  }
}

async function run(dirAbs: string): Promise<{ text: string } | { error: string }> {
  const kubectl = await findOnPath('kubectl');
  const kustomize = kubectl ? undefined : await findOnPath('kustomize');
  const command = kubectl ? { bin: kubectl, args: ['kustomize', dirAbs], name: 'kubectl kustomize' }
    : kustomize ? { bin: kustomize, args: ['build', dirAbs], name: 'kustomize build' }
    : undefined;
  if (!command) {
    return { error: 'cannot render Kustomize directory: neither kubectl nor kustomize is on PATH (install one, or pass rendered YAML)' };
  }
  return new Promise((resolve) => {
    execFile(command.bin, command.args, { timeout: TIMEOUT_MS, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ text: stdout });
      const reason = err.killed
        ? `timed out after ${TIMEOUT_MS / 1000} s`
        : firstLine(stderr) ?? firstLine(err.message) ?? `exit code ${String(err.code)}`;
      resolve({ error: `${command.name} failed: ${reason}` });
    });
  });
}

function firstLine(s: string): string | undefined {
  return s.split('\n').map((l) => l.trim()).find((l) => l !== '');
}

/** Looked up at call time so a changed PATH (tests, wrappers) is honoured. */
async function findOnPath(name: string): Promise<string | undefined> {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        const st = await fs.stat(candidate);
        if (!st.isFile()) continue;
        await fs.access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking along PATH.
      }
    }
  }
  return undefined;
}
