// `kubewhy watch` as a child process (dist/cli/main.js, JSON log lines), with its metrics endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../../dist/cli/main.js');

export interface LogRecord {
  level: string;
  msg: string;
  [k: string]: unknown;
}

export class WatchProcess {
  readonly records: LogRecord[] = [];
  stderr = '';
  port = 0;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    let partial = '';
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        try {
          this.records.push(JSON.parse(l) as LogRecord);
        } catch {
          /* a non-JSON line stays in stderr for the failure message */
        }
      }
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts it (in `env.HOME`, so no .kubewhy.yaml of the checkout applies) and waits until its metrics port is known. */
  static async start(args: string[], env: Record<string, string> & { HOME: string }): Promise<WatchProcess> {
    const child = spawn(process.execPath, [CLI, 'watch', '--log-format', 'json', '--metrics-port', '0', '--metrics-host', '127.0.0.1', ...args], {
      cwd: env.HOME,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const w = new WatchProcess(child);
    const deadline = Date.now() + 20_000;
    while (!w.port) {
      const serving = w.records.find((r) => r.msg === 'serving /metrics, /healthz, /readyz');
      if (serving) w.port = Number(serving.port);
      else if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kubewhy watch did not start: ${w.stderr}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    return w;
  }

  async http(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port: this.port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  }

  /** The value of one sample (`name{labels}`); 0 when the series does not exist (yet). */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const { body } = await this.http('/metrics');
    let sum = 0;
    for (const line of body.split('\n')) {
      const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
      if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
    }
    return sum;
  }

  logged(msg: string): LogRecord[] {
    return this.records.filter((r) => r.msg === msg);
  }

  /** SIGTERM, then the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
