import type { Span } from '../core/finding.js';

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  span: Span;
}

export interface GoReplace {
  from: string;
  fromVersion?: string;
  to: string;
  toVersion?: string;
  span: Span;
}

export interface VendorModule {
  path: string;
  version: string;
  /** `## explicit` marker present (Go ≥1.14 vendor format). */
  explicit: boolean;
  line: number;
}

export interface GoModule {
  /** go.mod path relative to the lint root. */
  file: string;
  dir: string;
  module: string;
  moduleSpan: Span;
  /** `go 1.22` / `go 1.22.3` directive value, if any. */
  goVersion?: string;
  goSpan?: Span;
  /** `toolchain go1.23.1` directive value (with the `go` prefix), if any. */
  toolchain?: string;
  toolchainSpan?: Span;
  requires: GoRequire[];
  replaces: GoReplace[];
  /** Module paths (`path version`) present in go.sum; undefined when there is no go.sum. */
  sum?: Set<string>;
  /** Parsed vendor/modules.txt, undefined when absent. */
  vendor?: { file: string; modules: VendorModule[] };
}
