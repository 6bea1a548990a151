import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-unknown-time-zone',
    fault: 'A6',
    severity: 'error',
    title: 'time.LoadLocation fails: the image has no time zone database',
    why:
      'Go looks for zoneinfo in $ZONEINFO, /usr/share/zoneinfo and $GOROOT (which exists on the build machine but ' +
      'not in scratch/distroless/alpine without tzdata), then in an embedded copy only if the binary imports ' +
      'time/tzdata. Without one, `unknown time zone` — and TZ=… silently falls back to UTC.',
    fix: 'import _ "time/tzdata" in main (or build with -tags timetzdata), or install tzdata in the runtime image.',
    verify: 'docker run --rm --entrypoint ls <image> /usr/share/zoneinfo',
    tags: ['logs', 'image'],
  },
  'unknown-time-zone',
  (f) => `unknown time zone ${f.detail.zone}: the image has no zoneinfo and the binary does not embed time/tzdata${times(f.count)}`,
);
