// Runs the built CLI (dist/cli/main.js) as its own process, the way a user runs it against the
// e2e cluster: a clean environment (PATH, NO_COLOR) plus what the test passes (HOME, KUBECONFIG…).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(new URL('.', import.meta.url).pathname, '../../../dist/cli/main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runKubewhy(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
