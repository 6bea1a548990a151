export interface Proc {
  name: string;
  pid: number;
  logFile: string;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null; error?: string } | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>;
}
export declare function groupMembers(pgid: number): number[];
export declare function alive(pid: number): boolean;
export declare function processesMentioning(needle: string): number[];
export declare class Supervisor {
  constructor(runDir: string, opts?: { keepRunDir?: boolean });
  readonly runDir: string;
  readonly procs: Proc[];
  reaperPid: number | undefined;
  arm(): void;
  removeHandlers(): void;
  spawn(name: string, bin: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Proc;
  signalAll(sig: NodeJS.Signals): void;
  stopAll(opts?: { graceMs?: number; tiers?: string[][] }): Promise<{ pids: number[]; survivors: number[]; killed: string[] }>;
}
