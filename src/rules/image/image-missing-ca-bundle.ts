import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { overridesEntrypoint } from '../../model/image-index.js';
import { imageName, imageTargets, linkedGoPackages, pathState, targetPlatforms } from '../../model/image-targets.js';

/** Modules that talk HTTPS to their service: a binary depending on them needs system roots. */
const HTTPS_MODULES = [/^github\.com\/aws\/aws-sdk-go(-v2)?(\/|$)/, /^cloud\.google\.com\/go(\/|$)/, /^google\.golang\.org\/api(\/|$)/, /^github\.com\/Azure\/azure-sdk-for-go(\/|$)/, /^github\.com\/stripe\/stripe-go/, /^golang\.org\/x\/oauth2$/];
const EMBEDDED_ROOTS = 'golang.org/x/crypto/x509roots/fallback';

export default defineRule({
  meta: {
    id: 'image-missing-ca-bundle',
    fault: 'A6',
    severity: 'error',
    title: 'The image has no CA certificates but its Go binary makes TLS connections',
    why:
      'Go\'s crypto/x509 loads the system roots from the bundle files and directories of /etc/ssl (or SSL_CERT_FILE/' +
      'SSL_CERT_DIR). With none in the image every outgoing HTTPS call fails with "tls: failed to verify certificate: ' +
      'x509: certificate signed by unknown authority" — only at run time, on the first call.',
    fix: 'Ship the roots: COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (scratch), install ca-certificates, use distroless/static (which has them), or import _ "golang.org/x/crypto/x509roots/fallback".',
    verify: 'docker run --rm --entrypoint "" <image> ls -l /etc/ssl/certs/ca-certificates.crt',
    needs: ['image'],
    tags: ['image', 'tls'],
  },
  check({ ws, report }) {
    for (const t of imageTargets(ws)) {
      if (t.inspection.error || (t.container && overridesEntrypoint(t.container))) continue;
      const pkgs = linkedGoPackages(ws, t);
      for (const p of targetPlatforms(t)) {
        const ca = p.facts.caBundle;
        const info = p.facts.entrypoint?.goBuildInfo;
        if (ca.state !== 'absent' || !info) continue;
        if (info.deps.some((d) => d.path === EMBEDDED_ROOTS) || pkgs.some((g) => g.needs.embeddedRoots)) continue;
        const sdks = info.deps.filter((d) => HTTPS_MODULES.some((re) => re.test(d.path)));
        const clients = pkgs.flatMap((g) => g.needs.tlsClients);
        if (sdks.length === 0 && clients.length === 0) continue;
        const checked = [...ca.files.map((f) => f.path), ...ca.dirs.map((d) => d.dir.path)];
        const evidence: Evidence[] = [
          { message: `${imageName(t.inspection, p)}: no CA bundle — checked ${checked.join(', ')}${ca.files[0] ? `; ${pathState(ca.files[0])}` : ''}` },
          ...sdks.slice(0, 3).map((d) => ({ message: `Go build info: ${p.facts.entrypoint!.file.path} depends on ${d.path} ${d.version}, which calls its API over HTTPS` })),
          ...clients.slice(0, 3).map((c) => ({ span: c.span, message: `TLS client: ${c.expr} verifies the peer against the system roots` })),
        ];
        const why = sdks.length > 0 ? `depends on ${sdks[0]!.path}` : `makes TLS connections (${clients[0]!.expr})`;
        report({
          message: `${t.label}: ${t.inspection.reference} has no CA certificates and its Go binary ${why}: HTTPS calls will fail with "x509: certificate signed by unknown authority"`,
          at: t.subject,
          evidence,
        });
      }
    }
  },
});
