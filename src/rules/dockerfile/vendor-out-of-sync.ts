import type { Span } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { compareGoVersions } from '../../load/go-version.js';
import type { VendorModule } from '../../model/gomod.js';

const REMEDY = 'the build fails with "go: inconsistent vendoring"';

export default defineRule({
  meta: {
    id: 'vendor-out-of-sync',
    fault: 'A2',
    severity: 'error',
    title: 'vendor/modules.txt does not match go.mod',
    why:
      'With a vendor directory and `go 1.14` or later in go.mod, every go command uses -mod=vendor by default and first ' +
      'checks vendor/modules.txt against go.mod. After a require is added or bumped without `go mod vendor`, ' +
      'go build stops with "go: inconsistent vendoring in /src:" followed by lines such as ' +
      '"example.com/dep@v1.1.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt".',
    fix: 'Run `go mod vendor` and commit vendor/ (or delete vendor/ if you do not mean to vendor).',
    verify: 'go mod vendor && git diff --exit-code -- vendor/ && go build -mod=vendor ./...',
    needs: ['gomod'],
    tags: ['build', 'modules', 'vendor'],
  },
  check({ ws, report }) {
    for (const mod of ws.goModules) {
      const vendor = mod.vendor;
      // Before go 1.14 modules.txt had no `## explicit` markers and vendoring was opt-in.
      if (!vendor || !mod.goVersion || compareGoVersions(mod.goVersion, '1.14') < 0) continue;
      const explicit = new Map(vendor.modules.filter((m) => m.explicit).map((m) => [key(m.path, m.version), m]));
      const required = new Set(mod.requires.map((r) => key(r.path, r.version)));
      const drifted = new Set<VendorModule>();

      for (const r of mod.requires) {
        if (explicit.has(key(r.path, r.version))) continue;
        const same = vendor.modules.find((m) => m.path === r.path);
        const lines = [`${r.path}@${r.version}: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt`];
        if (same?.explicit && !required.has(key(same.path, same.version))) {
          drifted.add(same);
          lines.push(`${key(same.path, same.version)}: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod`);
        }
        report({
          message: `${lines.join('; ')}: ${REMEDY}`,
          at: { span: r.span },
          evidence: same
            ? [{ message: `vendor/modules.txt has ${same.path} ${same.version || '(replacement only)'}`, span: vendorSpan(vendor.file, same) }]
            : [{ message: `${r.path} is missing from vendor/modules.txt`, span: vendorSpan(vendor.file) }],
        });
      }

      for (const m of explicit.values()) {
        if (drifted.has(m) || required.has(key(m.path, m.version))) continue;
        report({
          message: `${key(m.path, m.version)}: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod: ${REMEDY}`,
          at: { span: mod.moduleSpan },
          evidence: [{ message: `stale vendor entry for ${m.path}`, span: vendorSpan(vendor.file, m) }],
        });
      }
    }
  },
});

/** Go prints `path@version`, or just `path` for a version-less (wildcard replacement) entry. */
function key(path: string, version: string): string {
  return version === '' ? path : `${path}@${version}`;
}

function vendorSpan(file: string, m?: VendorModule): Span {
  const line = m?.line ?? 1;
  return { file, line, column: 1, endLine: line, endColumn: 1 };
}
