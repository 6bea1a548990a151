import { spawn } from 'node:child_process';
import type { Credential } from './credentials.js';

/** What `docker-credential-<name> get` prints (docker-credential-helpers protocol). */
interface HelperAnswer {
  ServerURL?: string;
  Username?: string;
  Secret?: string;
}

const HELPER_TIMEOUT_MS = 10_000;

/**
 * Runs `docker-credential-<name> get` with the server URL on stdin. No helper on PATH, "not
 * found" answers, timeouts and unreadable output all mean "no credential": the image may be
 * public, and a failed pull names the real problem. The helper's stderr is never shown (it may
 * echo secrets).
 */
export async function helperCredential(name: string, serverUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<Credential | undefined> {
  const out = await run(`docker-credential-${name}`, serverUrl, env);
  if (out === undefined) return undefined;
  let answer: HelperAnswer;
  try {
    answer = JSON.parse(out) as HelperAnswer;
  } catch {
    return undefined;
  }
  if (!answer.Secret) return undefined;
  const source = `docker-credential-${name}`;
  // The helper protocol stores identity tokens with the username "<token>".
  if (answer.Username === '<token>') return { identityToken: answer.Secret, source };
  return { ...(answer.Username ? { username: answer.Username } : {}), password: answer.Secret, source };
}

function run(command: string, input: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'], timeout: HELPER_TIMEOUT_MS });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
