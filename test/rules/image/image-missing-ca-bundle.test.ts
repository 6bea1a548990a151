import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/image-missing-ca-bundle.js';
import { closeClients } from '../../image/registry/context.js';
import { SKIP, deployment, lines, lintImages, plainRepo, pushGoImage } from './helpers.js';

if (SKIP) it.skip(`image rule tests SKIPPED: ${SKIP}`, () => undefined);

const DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
const GO_MOD = 'module example.com/api\n\ngo 1.22\n';
const MAIN = 'package main\n\nimport "net/http"\n\nfunc main() {\n\tresp, err := http.Get("https://api.example.com/v1/ping")\n\tif err == nil {\n\t\tresp.Body.Close()\n\t}\n}\n';

/** The Deployment, linked to the Dockerfile by the kubewhy.dev/dockerfile annotation. */
function linked(image: string): string {
  return deployment(image).replace('      labels: {app: api}', '      labels: {app: api}\n      annotations:\n        kubewhy.dev/dockerfile: Dockerfile');
}

describe.skipIf(SKIP !== '')('image-missing-ca-bundle', () => {
  afterAll(closeClients);

  it('fires when the image has no CA bundle and the linked Go code makes an HTTPS call', async () => {
    const { ref } = await pushGoImage(plainRepo(), { binary: 'server-static' });
    const r = await lintImages({ Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'main.go': MAIN, 'deploy.yaml': linked(ref) }, [rule]);
    expect(r.inputErrors).toEqual([]);
    expect(lines(r)).toEqual([
      `deploy.yaml:16:18 image-missing-ca-bundle A6 container "api": ${ref} has no CA certificates and its Go binary makes TLS connections (https://api.example.com/v1/ping): HTTPS calls will fail with "x509: certificate signed by unknown authority"`,
    ]);
    const ev = r.findings[0]!.evidence;
    expect(ev[0]!.message).toMatch(/: no CA bundle — checked \/etc\/ssl\/certs\/ca-certificates\.crt, .*\/etc\/ssl\/certs/);
    expect(ev[1]).toMatchObject({ span: { file: 'main.go', line: 6 }, message: 'TLS client: https://api.example.com/v1/ping verifies the peer against the system roots' });
  });

  it('does not fire with a CA bundle in the image, or without any TLS evidence', async () => {
    const withCa = await pushGoImage(plainRepo(), { binary: 'server-static', files: [{ path: 'etc/ssl/certs/ca-certificates.crt', content: '-----BEGIN CERTIFICATE-----\n' }] });
    const noTls = await pushGoImage(plainRepo(), { binary: 'server-static' });
    const a = await lintImages({ Dockerfile: DOCKERFILE, 'go.mod': GO_MOD, 'main.go': MAIN, 'deploy.yaml': linked(withCa.ref) }, [rule]);
    const b = await lintImages({ 'deploy.yaml': deployment(noTls.ref) }, [rule]);
    expect([...lines(a), ...lines(b)]).toEqual([]);
  });
});
