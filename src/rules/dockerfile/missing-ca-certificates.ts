import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { packagesInBinary } from '../../model/go-packages.js';
import { shippedVar, shipsPackageOrFiles } from '../../model/runtime-files.js';
import { finalStage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'missing-ca-certificates',
    fault: 'A6',
    severity: 'warning',
    title: 'Runtime image has no CA certificates',
    why:
      'Go reads the system roots from /etc/ssl/certs (or SSL_CERT_FILE). scratch, busybox and debian/ubuntu ' +
      'without the ca-certificates package have none, so every outgoing HTTPS call (cloud APIs, OAuth, webhooks, ' +
      'a TLS database) fails at run time with "tls: failed to verify certificate: x509: certificate signed by ' +
      'unknown authority" — the build and the start-up both look fine.',
    fix:
      'scratch: COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n' +
      'debian/ubuntu: RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n' +
      'or use gcr.io/distroless/static-debian12, which ships them.',
    verify: 'docker create --name certcheck <image> && docker export certcheck | tar -t | grep ca-certificates.crt; docker rm certcheck',
    needs: ['dockerfile'],
    tags: ['runtime', 'tls'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const from = rootFrom(df, stage);
      const base = from.unresolved ? undefined : describeBaseImage(from.image);
      if (!base || base.caCertificates) continue;
      if (shipsPackageOrFiles(df, 'ca-certificates', /ca-certificates|\/etc\/ssl|\/etc\/pki|certs?\b/)) continue;
      if (shippedVar(df, 'SSL_CERT_FILE') !== undefined || shippedVar(df, 'SSL_CERT_DIR') !== undefined) continue;
      // When the Go code is in the workspace it decides: no TLS client, or roots embedded, is fine.
      const evidence: Evidence[] = from === stage.from ? [] : [{ message: `base image ${base.label}`, span: from.imageSpan }];
      const builds = ws.links.mainPackageBuildsOf(df);
      if (builds.length > 0) {
        const pkgs = builds.flatMap((b) => packagesInBinary(b.pkg, ws.goPackages));
        const tls = pkgs.flatMap((p) => p.needs.tlsClients);
        if (pkgs.some((p) => p.needs.embeddedRoots !== undefined) || tls.length === 0) continue;
        evidence.push(
          ...tls.slice(0, 3).map((t) => ({ message: `TLS client: ${t.expr} verifies the peer against the system roots`, span: t.span })),
          ...builds.map((b) => ({ message: `${df.file} builds ${b.pkg.dir} into the image`, span: b.ins.span })),
        );
      }
      report({
        message: `${from.image.raw} has no CA certificates and the Dockerfile adds none: outgoing HTTPS calls will fail with "x509: certificate signed by unknown authority"`,
        at: { span: stage.from.imageSpan },
        evidence,
      });
    }
  },
});
