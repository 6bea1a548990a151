import { redact } from '../core/redact.js';

export type LogFormat = 'text' | 'json';
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * One line per record on stderr: `level msg key=value` or a JSON object. Every string goes through
 * redact(): messages quote API errors and event text, which can carry credentials.
 */
export function createLogger(format: LogFormat, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    const clean = Object.fromEntries(
      Object.entries(fields)
        .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
        .map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]),
    );
    if (format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: redact(msg), ...clean }) + '\n');
      return;
    }
    const tail = Object.entries(clean).map(([k, v]) => ` ${k}=${typeof v === 'string' && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v)}`);
    write(`kubewhy watch: ${level} ${redact(msg)}${tail.join('')}\n`);
  };
  return {
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
