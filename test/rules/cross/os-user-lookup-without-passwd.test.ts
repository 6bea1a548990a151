import rule from '../../../src/rules/cross/os-user-lookup-without-passwd.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, mainGo } from './fixtures.js';

const home = mainGo(['fmt', 'os/user', 'path/filepath'], '\tu, err := user.Current()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(filepath.Join(u.HomeDir, ".cache"))');
const scratch = DOCKERFILE.replace('FROM gcr.io/distroless/static-debian12', 'FROM scratch');
const files = (go: string, dockerfile = scratch) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': dockerfile });

ruleTester(rule, {
  valid: [
    { name: 'distroless ships /etc/passwd (root, nonroot, nobody)', files: files(home, DOCKERFILE) },
    { name: 'scratch with /etc/passwd copied from the build stage', files: files(home, scratch.replace('ENTRYPOINT', 'COPY --from=build /etc/passwd /etc/group /etc/\nENTRYPOINT')) },
    { name: 'os/user imported, no lookup', files: files(mainGo(['os/user'], '\t_ = user.UnknownUserError("x")')) },
  ],
  invalid: [
    {
      name: 'user.Current() on scratch',
      files: files(home),
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 7,
          column: 6,
          message: 'cmd/orders calls user.Current() but scratch has no /etc/passwd and the Dockerfile adds none: it fails with "user: Current requires cgo or $USER set in environment"',
          evidence: [
            { file: 'cmd/orders/main.go', line: 10 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'user.Lookup in a library package the binary imports',
      files: {
        ...files(mainGo(['example.com/shop/internal/owner'], '\towner.Check()')),
        'internal/owner/owner.go': 'package owner\n\nimport "os/user"\n\nfunc Check() {\n\tif _, err := user.Lookup("app"); err != nil {\n\t\tpanic(err)\n\t}\n}\n',
      },
      findings: [
        {
          file: 'orders/Dockerfile',
          line: 7,
          column: 6,
          message: /^cmd\/orders calls user\.Lookup\(\) .*"user: unknown user <name>"$/,
          evidence: [
            { file: 'internal/owner/owner.go', line: 6 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
