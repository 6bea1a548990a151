import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { overridesEntrypoint } from '../../model/image-index.js';
import { imageName, imageTargets, linkedGoPackages, targetPlatforms } from '../../model/image-targets.js';
import { containerSubject } from '../../model/subjects.js';

export default defineRule({
  meta: {
    id: 'image-missing-zoneinfo',
    fault: 'A6',
    severity: 'warning',
    title: 'The image has no time zone data but the service uses named time zones',
    why:
      'time.LoadLocation("Europe/Berlin") and TZ=Europe/Berlin read /usr/share/zoneinfo (or $ZONEINFO). Without it ' +
      'LoadLocation fails with "unknown time zone Europe/Berlin" and a TZ setting is silently ignored (UTC), unless ' +
      'the binary embeds the database (import _ "time/tzdata" or -tags timetzdata).',
    fix: 'Embed the database: import _ "time/tzdata" in main (or go build -tags timetzdata), or install tzdata in the runtime image.',
    verify: 'docker run --rm --entrypoint "" <image> ls /usr/share/zoneinfo/Europe/Berlin',
    needs: ['image'],
    tags: ['image', 'time'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      const pkgs = linkedGoPackages(ws, t);
      const podTz = t.container?.spec.env?.find((e) => e.name === 'TZ' && typeof e.value === 'string');
      for (const p of targetPlatforms(t)) {
        const zi = p.facts.zoneinfo;
        const info = p.facts.entrypoint?.goBuildInfo;
        if (zi.state !== 'absent' || !info) continue;
        if (info.tags.includes('timetzdata') || pkgs.some((g) => g.needs.tzdata)) continue;
        const loads = pkgs.flatMap((g) => g.needs.loadLocation);
        const tz = podTz?.value ?? zi.tz?.name;
        if (!tz && loads.length === 0) continue;
        const evidence: Evidence[] = [
          { message: `${imageName(t.inspection, p)}: no zoneinfo — checked ${zi.zoneinfoEnv ? `$ZONEINFO ${zi.zoneinfoEnv}, ` : ''}/usr/share/zoneinfo, /usr/share/lib/zoneinfo, /usr/lib/locale/TZ` },
          { message: `Go build info: tags [${info.tags.join(', ')}] — no timetzdata, so the binary embeds no zone database` },
        ];
        if (podTz && t.container) evidence.push({ ...containerSubject(t.container, ['env', t.container.spec.env!.indexOf(podTz)]), message: `TZ=${podTz.value}` });
        else if (zi.tz) evidence.push({ message: `image config Env: TZ=${zi.tz.name}` });
        evidence.push(...loads.slice(0, 3).map((l) => ({ span: l.span, message: 'time.LoadLocation reads the zone database' })));
        const use = tz ? `TZ=${tz} is set` : 'the code calls time.LoadLocation';
        report({
          message: `${t.label}: ${t.inspection.reference} has no time zone data and ${use}: ${tz ? `the zone is ignored (UTC) and LoadLocation fails with "unknown time zone ${tz}"` : 'LoadLocation fails with "unknown time zone …"'}`,
          at: t.subject,
          evidence,
        });
      }
    }
  },
});
