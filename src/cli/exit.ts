/** 0 clean (below --fail-on), 1 findings at/above --fail-on, 2 usage or input error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
