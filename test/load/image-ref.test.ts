import { describe, expect, it } from 'vitest';
import { isDockerHub, officialName, parseImageRef } from '../../src/load/image-ref.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('parseImageRef', () => {
  it.each([
    ['golang', { repository: 'golang' }],
    ['golang:1.22-alpine', { repository: 'golang', tag: '1.22-alpine' }],
    ['library/golang:1.22', { repository: 'library/golang', tag: '1.22' }],
    ['docker.io/library/golang:1.22', { registry: 'docker.io', repository: 'library/golang', tag: '1.22' }],
    ['gcr.io/distroless/static-debian12:nonroot', { registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
    ['registry.example.com:5000/team/app:1.2.3', { registry: 'registry.example.com:5000', repository: 'team/app', tag: '1.2.3' }],
    [`golang:1.22@${DIGEST}`, { repository: 'golang', tag: '1.22', digest: DIGEST }],
    [`ghcr.io/org/app@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/app', digest: DIGEST }],
    ['myorg/MyApp:Latest', { repository: 'myorg/myapp', tag: 'Latest' }],
    ['Registry/app', { registry: 'Registry', repository: 'app' }],
    ['scratch', { repository: 'scratch' }],
    ['', { repository: '' }],
  ])('%s', (raw, want) => {
    expect(parseImageRef(raw)).toEqual({ raw, ...want });
  });
});

describe('isDockerHub / officialName', () => {
  it.each([
    ['golang', true, 'golang'],
    ['golang:1.22', true, 'golang'],
    ['library/golang', true, 'golang'],
    ['docker.io/library/golang:1.22', true, 'golang'],
    ['index.docker.io/golang', true, 'golang'],
    ['docker.io/bitnami/redis', true, undefined],
    ['bitnami/redis', true, undefined],
    ['gcr.io/distroless/static', false, undefined],
    ['ghcr.io/golang', false, undefined],
    ['localhost:5000/golang', false, undefined],
  ])('%s', (raw, hub, official) => {
    const ref = parseImageRef(raw);
    expect(isDockerHub(ref)).toBe(hub);
    expect(officialName(ref)).toBe(official);
  });
});
