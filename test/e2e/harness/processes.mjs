// Process supervision for the e2e control plane. Plain JavaScript (with processes.d.mts for the
// types) so a bare `node` child can load it in the orphan tests.
//
// Every component runs detached in its own process group; its pgid is appended to <runDir>/pgids.
// Three layers make sure nothing survives the test run:
//   1. stopAll(): SIGTERM every group, wait, SIGKILL what is left, then verify through /proc;
//   2. exit/signal handlers of this process: SIGTERM every group synchronously;
//   3. a detached reaper (bash) that polls this process and, when it is gone for any reason
//      (even SIGKILL), SIGTERMs then SIGKILLs every group listed in <runDir>/pgids.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REAPER = `
parent=$1; dir=$2; keep=$3
while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
pg=$(cat "$dir/pgids" 2>/dev/null)
for g in $pg; do kill -TERM -- "-$g" 2>/dev/null; done
for i in $(seq 1 50); do
  any=0; for g in $pg; do kill -0 -- "-$g" 2>/dev/null && any=1; done
  [ "$any" = 0 ] && break; sleep 0.1
done
for g in $pg; do kill -KILL -- "-$g" 2>/dev/null; done
[ "$keep" = 1 ] || rm -rf "$dir"
`;

/** Live (non-zombie) processes whose process group is `pgid`, from /proc. */
export function groupMembers(pgid) {
  const out = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') out.push(Number(name));
  }
  return out;
}

/** True when `pid` exists and is not a zombie. */
export function alive(pid) {
  const st = procStat(pid);
  return st !== undefined && st.state !== 'Z' && st.state !== 'X';
}

/** Live processes whose command line contains `needle` (e.g. the run directory). */
export function processesMentioning(needle) {
  const out = [];
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes(needle) && alive(Number(name))) out.push(Number(name));
  }
  return out;
}

function procStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) };
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Supervisor {
  /** @param {string} runDir  @param {{keepRunDir?: boolean}} [opts] */
  constructor(runDir, opts = {}) {
    this.runDir = runDir;
    this.keepRunDir = opts.keepRunDir ?? false;
    this.procs = [];
    this.reaperPid = undefined;
    this.stopped = false;
    writeFileSync(join(runDir, 'pgids'), '');
    this.onExit = () => this.signalAll('SIGTERM');
    this.onSignal = (sig) => {
      this.signalAll('SIGTERM');
      this.removeHandlers();
      // Re-raise so the default action (or another listener) still ends this process.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
  }

  /** Starts the reaper and the exit/signal handlers. Call once, before spawning. */
  arm() {
    const r = spawn('bash', ['-c', REAPER, 'kubewhy-e2e-reaper', String(process.pid), this.runDir, this.keepRunDir ? '1' : '0'], {
      detached: true,
      stdio: 'ignore',
    });
    r.unref();
    this.reaperPid = r.pid;
    process.on('exit', this.onExit);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, this.onSignal);
  }

  removeHandlers() {
    process.off('exit', this.onExit);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, this.onSignal);
  }

  /**
   * Spawns `bin args` detached (own process group), stdout+stderr to `logFile`.
   * @returns {import('./processes.d.mts').Proc}
   */
  spawn(name, bin, args, { env, cwd, logFile }) {
    if (this.stopped) throw new Error('supervisor already stopped');
    const fd = openSync(logFile, 'a');
    let child;
    try {
      child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], env, cwd });
    } finally {
      closeSync(fd);
    }
    if (child.pid === undefined) throw new Error(`could not start ${name} (${bin})`);
    child.unref();
    appendFileSync(join(this.runDir, 'pgids'), `${child.pid}\n`);
    const proc = { name, pid: child.pid, logFile, exit: undefined, exited: undefined };
    proc.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        proc.exit = { code, signal };
        resolve(proc.exit);
      });
      child.on('error', (err) => {
        proc.exit = { code: null, signal: null, error: err.message };
        resolve(proc.exit);
      });
    });
    this.procs.push(proc);
    return proc;
  }

  signalAll(sig) {
    for (const p of this.procs) {
      try {
        process.kill(-p.pid, sig);
      } catch {
        /* already gone */
      }
    }
  }

  /**
   * Stops the groups tier by tier (clients before the servers they hold connections to, e.g.
   * controllers → apiserver → etcd): SIGTERM, wait up to `graceMs`, SIGKILL what is left. Then
   * stops the reaper and removes the run dir (unless kept or something survived).
   * @returns {Promise<{pids: number[], survivors: number[], killed: string[]}>}
   */
  async stopAll({ graceMs = 5000, tiers = [] } = {}) {
    this.stopped = true;
    const pgids = this.procs.map((p) => p.pid);
    const tierOf = (p) => {
      const i = tiers.findIndex((t) => t.includes(p.name));
      return i < 0 ? 0 : i;
    };
    const killed = [];
    for (let tier = 0; tier < Math.max(1, tiers.length); tier++) {
      const procs = this.procs.filter((p) => tierOf(p) === tier);
      for (const p of procs) {
        try {
          process.kill(-p.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && procs.some((p) => groupMembers(p.pid).length > 0)) await sleep(50);
      for (const p of procs) {
        if (groupMembers(p.pid).length > 0) {
          killed.push(p.name);
          try {
            process.kill(-p.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
    }
    const killDeadline = Date.now() + 3000;
    while (Date.now() < killDeadline && pgids.some((g) => groupMembers(g).length > 0)) await sleep(50);
    if (this.reaperPid !== undefined) {
      try {
        process.kill(this.reaperPid, 'SIGKILL');
      } catch {
        /* gone */
      }
      const reaperDeadline = Date.now() + 2000;
      while (Date.now() < reaperDeadline && alive(this.reaperPid)) await sleep(20);
    }
    const survivors = [...new Set([...pgids.flatMap((g) => groupMembers(g)), ...processesMentioning(this.runDir)])];
    this.removeHandlers();
    if (survivors.length === 0) {
      writeFileSync(join(this.runDir, 'pgids'), '');
      if (!this.keepRunDir && existsSync(this.runDir)) rmSync(this.runDir, { recursive: true, force: true });
    }
    return { pids: pgids, survivors, killed };
  }
}
