/**
 * Why the runtime could not start the container's entrypoint, in runc's and containerd's exact
 * wordings. These arrive in three places: the terminated/waiting message (StartError,
 * RunContainerError), kubelet `Failed` events, and — for runc ≥ 1.1, which execs in the
 * container — the container's own output.
 *
 * runc ≥ 1.1 prints `exec /app: <errno>` once the process is past its PATH lookup; older runc
 * printed `standard_init_linux.go:N: exec user process caused[:] "<errno>"`. At create time it
 * reports Go's exec.LookPath error (`exec: "x": executable file not found in $PATH`,
 * `exec: "/x": stat /x: no such file …`). `fork/exec /x: …` is the app starting a subprocess,
 * not the container's entrypoint.
 */
export type StartErrorKind = 'exec-format' | 'exec-missing-interpreter' | 'exec-not-found' | 'exec-permission';

export interface StartError {
  kind: StartErrorKind;
  /** FAULTS.md entry the wording points at. */
  fault: string;
  /** 1-based line in the text. */
  line: number;
  /** The line, trimmed and cut short. */
  excerpt: string;
  /** The path runc tried to exec, when it names one. */
  path?: string;
}

const TABLE: { kind: StartErrorKind; fault: string; re: RegExp }[] = [
  { kind: 'exec-format', fault: 'A4', re: /(?<![\w/])exec (\S+): exec format error|exec user process caused:? "?exec format error/ },
  { kind: 'exec-missing-interpreter', fault: 'A3', re: /(?<![\w/])exec (\S+): no such file or directory|exec user process caused:? "?no such file or directory/ },
  { kind: 'exec-not-found', fault: 'C1', re: /\bexec: "([^"]+)": (?:executable file not found in \$PATH|stat \S+: no such file or directory|is a directory)/ },
  { kind: 'exec-permission', fault: 'C1', re: /\bexec: "([^"]+)": permission denied|(?<![\w/])exec (\S+): permission denied|exec user process caused:? "?permission denied/ },
];

const MAX_EXCERPT = 300;

/** The first start error in `text` (a status message, an event message, or a log). */
export function startError(text: string): StartError | undefined {
  // Cheap gate: container output is mostly lines that never mention exec.
  if (!text.includes('exec')) return undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.includes('exec')) continue;
    for (const { kind, fault, re } of TABLE) {
      const m = re.exec(line);
      if (!m) continue;
      const path = m.slice(1).find((g) => g !== undefined && g !== '');
      return { kind, fault, line: i + 1, excerpt: cut(line), ...(path !== undefined ? { path: cut(path) } : {}) };
    }
  }
  return undefined;
}

export function cut(s: string): string {
  return s.length > MAX_EXCERPT ? `${s.slice(0, MAX_EXCERPT - 1)}…` : s;
}
