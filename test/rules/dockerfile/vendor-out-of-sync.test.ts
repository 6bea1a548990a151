import rule from '../../../src/rules/dockerfile/vendor-out-of-sync.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const gomod = (go: string, ...requires: string[]) =>
  lines('module github.com/acme/orders', '', `go ${go}`, '', 'require (', ...requires.map((r) => `\t${r}`), ')');

const inSync = lines(
  '# github.com/go-chi/chi/v5 v5.1.0',
  '## explicit; go 1.14',
  'github.com/go-chi/chi/v5',
  '# github.com/jackc/pgx/v5 v5.5.5',
  '## explicit; go 1.19',
  'github.com/jackc/pgx/v5',
  '# github.com/jackc/pgpassfile v1.0.0',
  '## explicit; go 1.12',
  'github.com/jackc/pgpassfile',
  '# golang.org/x/text v0.14.0',
  '## explicit; go 1.18',
  'golang.org/x/text/transform',
  '# github.com/acme/shared v0.0.0 => ../shared',
  '## explicit; go 1.22',
  'github.com/acme/shared/auth',
);

const requires = [
  'github.com/go-chi/chi/v5 v5.1.0',
  'github.com/jackc/pgx/v5 v5.5.5',
  'github.com/acme/shared v0.0.0',
  'github.com/jackc/pgpassfile v1.0.0 // indirect',
  'golang.org/x/text v0.14.0 // indirect',
];

ruleTester(rule, {
  valid: [
    { name: 'vendor in sync (indirect and replaced modules included)', files: { 'go.mod': gomod('1.22', ...requires) + 'replace github.com/acme/shared => ../shared\n', 'vendor/modules.txt': inSync } },
    {
      name: 'go 1.13 module: vendoring is opt-in and unchecked',
      files: { 'go.mod': gomod('1.13', 'github.com/go-chi/chi/v5 v5.2.0'), 'vendor/modules.txt': '# github.com/go-chi/chi/v5 v5.1.0\ngithub.com/go-chi/chi/v5\n' },
    },
    { name: 'no vendor directory', files: { 'go.mod': gomod('1.22', 'github.com/go-chi/chi/v5 v5.2.0') } },
  ],
  invalid: [
    {
      name: 'require bumped without go mod vendor',
      files: { 'go.mod': gomod('1.22', ...requires.map((r) => r.replace('chi/v5 v5.1.0', 'chi/v5 v5.2.0'))), 'vendor/modules.txt': inSync },
      findings: [
        {
          file: 'go.mod',
          line: 6,
          column: 2,
          message:
            'github.com/go-chi/chi/v5@v5.2.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt; ' +
            'github.com/go-chi/chi/v5@v5.1.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod: ' +
            'the build fails with "go: inconsistent vendoring"',
          evidence: [{ file: 'vendor/modules.txt', line: 1 }],
        },
      ],
    },
    {
      name: 'new require missing from vendor',
      files: { 'go.mod': gomod('1.22', ...requires, 'go.uber.org/zap v1.27.0'), 'vendor/modules.txt': inSync },
      findings: [
        {
          file: 'go.mod',
          line: 11,
          column: 2,
          message: 'go.uber.org/zap@v1.27.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt: the build fails with "go: inconsistent vendoring"',
          evidence: [{ file: 'vendor/modules.txt', line: 1 }],
        },
      ],
    },
    {
      name: 'require removed but still explicit in vendor',
      files: { 'go.mod': gomod('1.22', ...requires.filter((r) => !r.startsWith('golang.org/x/text'))), 'vendor/modules.txt': inSync },
      findings: [
        {
          file: 'go.mod',
          line: 1,
          column: 1,
          message: /^golang\.org\/x\/text@v0\.14\.0: is marked as explicit in vendor\/modules\.txt, but not explicitly required in go\.mod/,
          evidence: [{ file: 'vendor/modules.txt', line: 10 }],
        },
      ],
    },
    {
      name: 'vendor written by go 1.13 (no explicit markers) for a go 1.21 module',
      files: { 'go.mod': gomod('1.21', 'github.com/go-chi/chi/v5 v5.1.0'), 'vendor/modules.txt': '# github.com/go-chi/chi/v5 v5.1.0\ngithub.com/go-chi/chi/v5\n' },
      findings: [{ file: 'go.mod', line: 6, column: 2, message: /not marked as explicit in vendor\/modules\.txt/, evidence: [{ file: 'vendor/modules.txt', line: 1 }] }],
    },
  ],
});
