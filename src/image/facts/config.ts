import { GO_RUNTIME_ENV, type ImageConfigFacts } from '../../model/image.js';
import { FactError } from './errors.js';

/** The fields of an OCI / Docker image config the facts use. */
interface RawConfig {
  os?: unknown;
  architecture?: unknown;
  variant?: unknown;
  config?: {
    User?: unknown;
    Entrypoint?: unknown;
    Cmd?: unknown;
    Env?: unknown;
    WorkingDir?: unknown;
    ExposedPorts?: unknown;
    Labels?: unknown;
    StopSignal?: unknown;
  } | null;
}

/** The image config as the runtime applies it; a config that is not an object is an error. */
export function configFacts(raw: unknown): ImageConfigFacts {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FactError('config-invalid', 'image config is not a JSON object');
  const c = raw as RawConfig;
  const cfg = c.config ?? {};
  const env: Record<string, string> = {};
  for (const kv of strings(cfg.Env)) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const goRuntimeEnv: ImageConfigFacts['goRuntimeEnv'] = {};
  for (const name of GO_RUNTIME_ENV) if (env[name] !== undefined) goRuntimeEnv[name] = env[name];
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const os = str(c.os);
  const architecture = str(c.architecture);
  const variant = str(c.variant);
  const stopSignal = str(cfg.StopSignal);
  return {
    ...(os ? { os } : {}),
    ...(architecture ? { architecture } : {}),
    ...(variant ? { variant } : {}),
    user: typeof cfg.User === 'string' ? cfg.User : '',
    entrypoint: strings(cfg.Entrypoint),
    cmd: strings(cfg.Cmd),
    env,
    workingDir: str(cfg.WorkingDir) ?? '/',
    exposedPorts: isRecord(cfg.ExposedPorts) ? Object.keys(cfg.ExposedPorts) : [],
    labels: isRecord(cfg.Labels) ? Object.fromEntries(Object.entries(cfg.Labels).filter((e): e is [string, string] => typeof e[1] === 'string')) : {},
    ...(stopSignal ? { stopSignal } : {}),
    goRuntimeEnv,
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
