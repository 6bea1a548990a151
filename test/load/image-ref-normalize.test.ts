import { describe, expect, it } from 'vitest';
import { normalizeImageRef } from '../../src/load/image-ref.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('normalizeImageRef', () => {
  it.each([
    ['nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', undefined, 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.27', undefined, 'docker.io/library/nginx:1.27'],
    ['bitnami/redis', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', 'latest', undefined, 'docker.io/bitnami/redis:latest'],
    ['docker.io/nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', undefined, 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1', undefined, 'docker.io/library/nginx:1'],
    [`nginx@${DIGEST}`, 'docker.io', 'registry-1.docker.io', 'library/nginx', undefined, DIGEST, `docker.io/library/nginx@${DIGEST}`],
    [`ghcr.io/org/app:v1@${DIGEST}`, 'ghcr.io', 'ghcr.io', 'org/app', 'v1', DIGEST, `ghcr.io/org/app:v1@${DIGEST}`],
    ['localhost:5000/app', 'localhost:5000', 'localhost:5000', 'app', 'latest', undefined, 'localhost:5000/app:latest'],
    ['Registry.Example.com/team/app', 'registry.example.com', 'registry.example.com', 'team/app', 'latest', undefined, 'registry.example.com/team/app:latest'],
  ])('%s', (raw, domain, host, repository, tag, digest, canonical) => {
    const n = normalizeImageRef(raw);
    expect(n).toEqual({ domain, host, repository, canonical, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) });
  });
});
