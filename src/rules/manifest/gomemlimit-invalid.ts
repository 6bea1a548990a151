import { defineRule } from '../../core/rule.js';
import { isKnownNonGoImage, lookupEnv, processContainers, settingSubject, type EnvSetting } from '../../model/go-runtime-env.js';
import { parseGoByteCount, parseQuantity, toGoByteCount } from '../../model/quantity.js';
import type { ContainerView } from '../../model/manifest.js';
import type { Report } from '../../core/rule.js';

const FATAL = 'fatal error: malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`';

export default defineRule({
  meta: {
    id: 'gomemlimit-invalid',
    fault: 'E1',
    severity: 'error',
    title: 'GOMEMLIMIT is not a value the Go runtime accepts',
    why:
      'Go reads GOMEMLIMIT as an integer byte count with an optional B, KiB, MiB, GiB or TiB suffix (or "off"). ' +
      `Kubernetes spellings like 512Mi, 512M or 1e9 make every start die before main() with "${FATAL}" ` +
      '(exit 2, CrashLoopBackOff). A resourceFieldRef with a divisor hands Go a bare number it reads as bytes.',
    fix: 'Write the value in Go units, with headroom below the memory limit, e.g.\nenv:\n  - name: GOMEMLIMIT\n    value: "460MiB"   # ~90 % of a 512Mi limit',
    verify: 'kubectl logs <pod> --previous | grep -i GOMEMLIMIT',
    needs: ['manifests'],
    tags: ['go-runtime', 'memory'],
  },
  check({ ws, report }) {
    const seen = new Set<string>();
    for (const t of ws.manifests.podTemplates) {
      for (const c of processContainers(t)) {
        if (isKnownNonGoImage(c.spec.image)) continue;
        const found = lookupEnv(c, 'GOMEMLIMIT', ws.manifests.objects);
        if (!found.set) continue;
        const r = problem(c, found.setting);
        // A ConfigMap key shared by several containers is one mistake, reported once.
        const key = `${found.setting.object.file}#${found.setting.object.docIndex}:${found.setting.path.join('.')}`;
        if (!r || seen.has(key)) continue;
        seen.add(key);
        report(r);
      }
    }
  },
});

function problem(c: ContainerView, s: EnvSetting): Report | undefined {
  const at = settingSubject(c, s);
  if (s.value !== undefined) {
    if (s.value === '' || s.value === 'off' || parseGoByteCount(s.value) !== undefined) return undefined;
    const good = toGoByteCount(s.value);
    return {
      message:
        `GOMEMLIMIT "${s.value}" is not a Go byte count: container "${c.name}" exits 2 at start with "${FATAL}"` +
        (good ? ` (write "${good}")` : ' (use an integer with B, KiB, MiB, GiB or TiB)'),
      at,
      ...(good && { fix: `Write the value in Go units:\n- name: GOMEMLIMIT\n  value: "${good}"` }),
    };
  }
  const f = s.resourceField;
  if (!f) return undefined;
  const divisor = f.divisor === undefined ? 1 : parseQuantity(f.divisor);
  const isMemory = f.resource === 'limits.memory' || f.resource === 'requests.memory';
  if (isMemory && divisor === 1) return undefined;
  return {
    message: isMemory
      ? `GOMEMLIMIT comes from ${f.resource} with divisor ${f.divisor}: the container sees a bare number (512 for 512Mi) ` +
        `that Go reads as bytes, so the GC runs non-stop`
      : `GOMEMLIMIT comes from ${f.resource}, not a memory amount: Go reads the number as bytes, so the GC runs non-stop`,
    at,
    severity: 'warning',
    fix: 'Take the limit in bytes (drop the divisor), or write a literal with headroom:\nvalueFrom:\n  resourceFieldRef: { resource: limits.memory }',
    verify: 'kubectl exec <pod> -- printenv GOMEMLIMIT',
  };
}
