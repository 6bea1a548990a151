// No process may outlive the control plane: the supervisor's own guarantees, tested with plain
// process trees (a parent plus a grandchild in the same group), independent of the cluster.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, groupMembers, Supervisor } from './harness/processes.mjs';
import { waitFor } from './harness/kube.js';

const HARNESS = new URL('./harness/processes.mjs', import.meta.url).pathname;
// A component stand-in that ignores SIGTERM and has a grandchild, so only SIGKILL of the group ends it.
const STUBBORN = `trap '' TERM; sleep 600 & sleep 600 & wait`;

describe('process supervision (no orphans)', () => {
  it('stopAll() ends every process group, escalating to SIGKILL, and removes the run dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubewhy-e2e-sup-'));
    const sup = new Supervisor(dir);
    sup.arm();
    const polite = sup.spawn('polite', 'bash', ['-c', `sleep 600 & wait`], { env: process.env, logFile: join(dir, 'polite.log') });
    const stubborn = sup.spawn('stubborn', 'bash', ['-c', STUBBORN], { env: process.env, logFile: join(dir, 'stubborn.log') });
    await waitFor(async () => groupMembers(stubborn.pid).length === 3 && groupMembers(polite.pid).length === 2, { what: 'process trees' });
    const members = [...groupMembers(polite.pid), ...groupMembers(stubborn.pid)];
    const reaper = sup.reaperPid!;
    const res = await sup.stopAll({ graceMs: 500 });
    expect(res.survivors).toEqual([]);
    expect(res.killed).toEqual(['stubborn']);
    for (const pid of [...members, reaper]) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`when the owning process dies by ${signal}, its components die too`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kubewhy-e2e-sup-'));
      // A bare node process that owns a supervisor, like the vitest process owns the cluster.
      const owner = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { Supervisor } from ${JSON.stringify(HARNESS)};
           const sup = new Supervisor(${JSON.stringify(dir)}); sup.arm();
           const p = sup.spawn('stubborn', 'bash', ['-c', ${JSON.stringify(STUBBORN)}], { env: process.env, logFile: ${JSON.stringify(join(dir, 'c.log'))} });
           console.log(p.pid); setInterval(() => {}, 1000);`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const pgid = await new Promise<number>((resolve) => owner.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      await waitFor(async () => groupMembers(pgid).length === 3, { what: 'component tree' });
      expect(readFileSync(join(dir, 'pgids'), 'utf8').trim()).toBe(String(pgid));
      owner.kill(signal);
      // SIGTERM: the exit handlers signal the group (which ignores TERM); the reaper escalates.
      await waitFor(async () => groupMembers(pgid).length === 0, { timeoutMs: 15_000, what: `group ${pgid} to be gone` });
      await waitFor(async () => !existsSync(dir), { timeoutMs: 5_000, what: 'the reaper to remove the run dir' });
    });
  }
});
