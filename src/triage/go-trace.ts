/**
 * The first frame of a Go traceback that is the program's own code rather than the runtime or
 * the standard library: where a panic is worth looking first. A stop-gap until the full Go log
 * decoders (src/logs/) land; it reads only the goroutine that was running.
 */
export interface GoFrame {
  func: string;
  /** `file.go:42`, without the `+0x1f` pc offset. */
  file?: string;
}

const GOROUTINE = /^goroutine \d+ (?:gp=\S+ m=\S+ mp=\S+ )?\[running\]:/;

export function firstOwnFrame(text: string, fromLine: number): GoFrame | undefined {
  const lines = text.split('\n').slice(fromLine - 1, fromLine - 1 + 200);
  const start = lines.findIndex((l) => GOROUTINE.test(l.trim()));
  if (start < 0) return undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || /^goroutine /.test(line)) break;
    if (line.startsWith('\t') || line.startsWith('created by ')) continue;
    const func = line.trim().replace(/\([^()]*\)$/, '');
    if (!isOwnCode(func)) continue;
    const file = lines[i + 1]?.startsWith('\t') ? lines[i + 1]!.trim().replace(/ \+0x[0-9a-f]+.*$/, '') : undefined;
    return { func, ...(file ? { file } : {}) };
  }
  return undefined;
}

/** `main.x` and module paths (`github.com/acme/shop/db.Open`) are the program's; `net/http.…`, `runtime.…`, `panic` are not. */
function isOwnCode(func: string): boolean {
  const lastSlash = func.lastIndexOf('/');
  const dot = func.indexOf('.', lastSlash + 1);
  if (dot <= 0) return false;
  const pkg = func.slice(0, dot);
  if (pkg === 'main') return true;
  return pkg.split('/')[0]!.includes('.');
}
