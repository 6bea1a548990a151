/**
 * Secrets never reach a report: credentials in URLs and DSNs, bearer tokens, password/token
 * assignments, private keys and well-known token shapes are masked wherever text comes from
 * the outside world (event messages, logs, env values).
 */
const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '<redacted private key>'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s/@]+)@/gi, '$1$2:<redacted>@'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 <redacted>'],
  [/\b(\w*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*=\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi, '$1<redacted>'],
  // After a colon only quoted or token-like values: "anonymous token: unexpected status" is prose.
  [/\b(\w*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)\s*:\s*)("[^"]*"|'[^']*'|(?=[^\s,;&"']*\d)[^\s,;&"']{8,})/gi, '$1<redacted>'],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|xox[baprs]-[A-Za-z0-9-]{10,})\b/g, '<redacted token>'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
