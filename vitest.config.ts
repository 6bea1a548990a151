import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/image/registry/**', 'test/image/inspect/**', 'test/rules/image/**', '**/node_modules/**'], globalSetup: ['test/logs/setup.ts', 'test/image/go-binaries.ts'] },
      },
      {
        // Real registries on loopback (scripts/registry/install.sh + test/image/registry/harness.ts),
        // started once per run; kept out of `unit` so unit startup stays fast.
        extends: true,
        test: {
          name: 'registry',
          include: ['test/image/registry/**/*.test.ts', 'test/image/inspect/**/*.test.ts', 'test/rules/image/**/*.test.ts'],
          globalSetup: ['test/image/registry/global-setup.ts', 'test/image/go-binaries.ts'],
        },
      },
      {
        // A real control plane (scripts/control-plane/build.sh), started once per run by the global setup.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The registry and the Go fixture binaries too: diagnose --images reads real images with the cluster's pull Secrets.
          globalSetup: ['test/e2e/global-setup.ts', 'test/image/registry/global-setup.ts', 'test/image/go-binaries.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
