import { crashRule } from '../../triage/crash-rule.js';

export default crashRule(
  {
    id: 'crashloop-missing-runtime-files',
    fault: 'A6',
    severity: 'error',
    title: 'Go service dies for lack of CA certificates or time zone data in its image',
    why:
      'scratch and minimal images have no /etc/ssl/certs and no /usr/share/zoneinfo. The first HTTPS call fails ' +
      'with "tls: failed to verify certificate: x509: certificate signed by unknown authority" and ' +
      'time.LoadLocation with "unknown time zone Europe/Berlin"; a service that log.Fatal()s on either crash-loops.',
    fix:
      'CA certificates: COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ in the final stage ' +
      '(or a distroless base, which ships them; mount a private CA and set SSL_CERT_FILE). Time zones: import _ ' +
      '"time/tzdata" (or -tags timetzdata), or copy /usr/share/zoneinfo.',
    verify: 'crane export <image> - | tar -t | grep -E "ca-certificates.crt|zoneinfo/" | head -3',
    tags: ['live', 'go', 'image'],
  },
  ['missing-runtime-files'],
  (p) => {
    const clue = p.data.clue;
    if (clue?.type === 'error' && clue.error.kind === 'unknown-time-zone') {
      return {
        cause: `unknown time zone ${clue.error.detail.zone ?? ''}: the image has no zoneinfo database and the binary does not embed time/tzdata`.replace('  ', ' '),
        field: '.image',
        fix: 'Embed the zone database (import _ "time/tzdata" in main, or go build -tags timetzdata), or COPY /usr/share/zoneinfo into the final stage of the image <owner> runs.',
        verify: 'crane export <image> - | tar -t | grep -c zoneinfo/',
      };
    }
    const target = clue?.type === 'error' ? clue.error.detail.target : undefined;
    return {
      cause: `x509: certificate signed by unknown authority${target ? ` (calling ${target})` : ''}: the image has no CA bundle to verify TLS peers (or the peer uses a private CA that is not mounted)`,
      field: '.image',
      fix: 'Ship CA certificates in the final stage (COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/, or a distroless base); for a private CA, mount it and set SSL_CERT_FILE in <owner>.',
      verify: 'crane export <image> - | tar -t | grep ca-certificates.crt',
    };
  },
);
