import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-x509-unknown-authority',
    fault: 'A6',
    severity: 'error',
    title: 'TLS connections fail: no trusted CA certificate in the container',
    why:
      'Go reads the system CA bundle (/etc/ssl/certs/ca-certificates.crt and friends). `scratch` and hand-made ' +
      'minimal images have none, so every HTTPS call fails with `x509: certificate signed by unknown authority`; ' +
      'the same message appears when a private CA or a TLS-intercepting proxy is not added to the bundle.',
    fix: 'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (or use distroless/static), and add private CAs to the bundle or SSL_CERT_FILE.',
    verify: 'docker run --rm --entrypoint ls <image> /etc/ssl/certs/ca-certificates.crt',
    tags: ['logs', 'tls', 'image'],
  },
  'x509-unknown-authority',
  (f) => `TLS${f.detail.target ? ` to ${f.detail.target}` : ''} fails: x509: certificate signed by unknown authority${times(f.count)}`,
);
