import { defineRule } from '../../core/rule.js';
import { copySources } from '../../model/shell.js';

export default defineRule({
  meta: {
    id: 'add-remote-url',
    fault: 'A6',
    severity: 'warning',
    title: 'ADD downloads a URL without a checksum',
    why:
      '`ADD https://…` fetches whatever the server returns at build time and puts it in the image unverified: a ' +
      'compromised or re-published release changes your image silently, and the build is not reproducible.',
    fix: 'ADD --checksum=sha256:<digest> https://… /dest   (BuildKit, dockerfile syntax ≥1.6), or download and verify with sha256sum -c in a RUN.',
    verify: 'curl -fsSL <url> | sha256sum',
    needs: ['dockerfile'],
    tags: ['security', 'reproducibility'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      for (const stage of df.stages) {
        for (const ins of stage.instructions) {
          if (ins.keyword !== 'ADD' || ins.flags.some((f) => f.name === 'checksum')) continue;
          // Git sources (`ADD https://github.com/x/y.git#v1.2`) pin by ref and are verified by git itself.
          const url = copySources(ins).find((s) => /^https?:\/\//i.test(s) && !/\.git(#|$)/.test(s));
          if (!url) continue;
          report({ message: `ADD ${redactUserinfo(url)} downloads without --checksum: the content is not verified`, at: { span: ins.span } });
        }
      }
    }
  },
});

/** Never echo credentials embedded in a URL. */
function redactUserinfo(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]+@/i, '$1<redacted>@');
}
