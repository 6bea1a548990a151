import type { ContainerView, PodTemplate } from './manifest.js';

/** An init container blocking on a network dependency, read from its command line. */
export interface InitWait {
  container: ContainerView;
  /** The host as written (after env expansion), e.g. `db.shop.svc.cluster.local`. */
  host: string;
  port?: number;
  /** Service name and namespace when the host is a cluster Service name. */
  service?: { name: string; namespace: string };
  /** `dns`: only needs the name to resolve; `connect`: needs something listening behind it. */
  mode: 'dns' | 'connect';
  /** Field that holds the text: command or args. */
  field: 'command' | 'args';
}

const HOST = '([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)';
const PATTERNS: { re: RegExp; mode: InitWait['mode'] }[] = [
  { re: new RegExp(`\\b(?:nslookup|getent\\s+hosts|host|dig(?:\\s+\\+short)?)\\s+${HOST}`, 'g'), mode: 'dns' },
  { re: new RegExp(`\\bnc\\s+(?:-[A-Za-z]+\\s+(?:\\d+\\s+)?)*${HOST}\\s+(\\d+)`, 'g'), mode: 'connect' },
  { re: new RegExp(`\\b(?:https?|tcp)://${HOST}(?::(\\d+))?`, 'g'), mode: 'connect' },
  { re: new RegExp(`/dev/tcp/${HOST}/(\\d+)`, 'g'), mode: 'connect' },
  { re: new RegExp(`\\b(?:pg_isready|mysqladmin|redis-cli|psql|mongosh)\\b[^;&|\\n]*?\\s(?:-h\\s*|--host[= ])${HOST}`, 'g'), mode: 'connect' },
  { re: new RegExp(`\\bwait-for(?:-it)?(?:\\.sh)?\\s+(?:-[A-Za-z-]+\\s+)*${HOST}:(\\d+)`, 'g'), mode: 'connect' },
];

/** The shell text of a container: command and args as one string, with env values substituted. */
export function containerScript(c: ContainerView): { text: string; field: 'command' | 'args' } | undefined {
  const command = (c.spec.command ?? []).filter((s): s is string => typeof s === 'string');
  const args = (c.spec.args ?? []).filter((s): s is string => typeof s === 'string');
  if (command.length + args.length === 0) return undefined;
  const env = new Map((c.spec.env ?? []).filter((e) => typeof e.value === 'string').map((e) => [e.name, e.value!]));
  const text = [...command, ...args].join(' ').replace(/\$\{(\w+)\}|\$\((\w+)\)|\$(\w+)/g, (m, a?: string, b?: string, d?: string) => env.get(a ?? b ?? d ?? '') ?? m);
  // The script usually sits in args (`command: [sh, -c]`); point there when it does.
  return { text, field: args.join(' ').length > command.join(' ').length ? 'args' : 'command' };
}

/** Waits of the regular init containers (native sidecars run beside the app, they do not gate it). */
export function initWaits(t: PodTemplate): InitWait[] {
  const out: InitWait[] = [];
  for (const c of t.initContainers) {
    if (c.spec.restartPolicy === 'Always') continue;
    const script = containerScript(c);
    if (!script) continue;
    const seen = new Set<string>();
    for (const { re, mode } of PATTERNS) {
      for (const m of script.text.matchAll(re)) {
        const host = m[1]!;
        const key = `${host}/${mode}`;
        if (seen.has(key) || /^(localhost|[\d.]+)$/.test(host)) continue;
        seen.add(key);
        const service = serviceOf(host, t.object.namespace ?? '');
        out.push({ container: c, host, ...(m[2] ? { port: Number(m[2]) } : {}), ...(service ? { service } : {}), mode, field: script.field });
      }
    }
  }
  return out;
}

/** `db`, `db.shop`, `db.shop.svc`, `db.shop.svc.cluster.local`; anything else is outside the cluster. */
function serviceOf(host: string, ns: string): { name: string; namespace: string } | undefined {
  const [name, namespace, ...rest] = host.toLowerCase().split('.');
  if (!name) return undefined;
  if (namespace === undefined) return { name, namespace: ns };
  const suffix = rest.join('.');
  return suffix === '' || suffix === 'svc' || suffix === 'svc.cluster.local' ? { name, namespace } : undefined;
}
