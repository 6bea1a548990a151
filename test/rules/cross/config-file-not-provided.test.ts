import rule from '../../../src/rules/cross/config-file-not-provided.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const reads = (path: string, onError = 'log.Fatal(err)') =>
  mainGo(['log', 'net/http', 'os'], `\tb, err := os.ReadFile("${path}")\n\tif err != nil {\n\t\t${onError}\n\t}\n\t_ = b\n\thttp.ListenAndServe(":8080", nil)`);
// The open is in a helper whose error main treats as fatal.
const viaHelper = mainGo(
  ['log', 'net/http', 'os'],
  '\tif err := loadPricing(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n\thttp.ListenAndServe(":8080", nil)',
  'func loadPricing() error {\n\tf, err := os.Open("/etc/orders/pricing.yaml")\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn f.Close()\n}\n\n',
);
const PROBES = ['          livenessProbe:', '            httpGet:', '              path: /healthz', '              port: http'];
const mounted = deploy({
  env: '          volumeMounts:\n            - name: pricing\n              mountPath: /etc/orders',
  probes: [...PROBES, '      volumes:', '        - name: pricing', '          configMap:', '            name: orders-pricing'].join('\n'),
});
const files = (go: string, yaml = deploy(), dockerfile = DOCKERFILE) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': dockerfile, 'deploy/orders.yaml': yaml });
const workdir = DOCKERFILE.replace('COPY --from=build /out/orders /orders', 'WORKDIR /app\nCOPY --from=build /out/orders /app/orders');

ruleTester(rule, {
  valid: [
    { name: 'the directory is a ConfigMap volume', files: files(reads('/etc/orders/pricing.yaml'), mounted) },
    { name: 'the runtime stage copies it', files: files(reads('/etc/orders/pricing.yaml'), deploy(), DOCKERFILE.replace('ENTRYPOINT', 'COPY --from=build /src/pricing.yaml /etc/orders/pricing.yaml\nENTRYPOINT')) },
    { name: 'a failure is logged, not fatal', files: files(reads('/etc/orders/pricing.yaml', 'log.Print(err)')) },
    { name: 'the service account token the kubelet mounts', files: files(reads('/var/run/secrets/kubernetes.io/serviceaccount/token')) },
    { name: 'relative path, copied next to the binary', files: files(reads('config/pricing.yaml'), deploy(), workdir.replace('ENTRYPOINT', 'COPY config/ /app/config/\nENTRYPOINT')) },
  ],
  invalid: [
    {
      name: 'absolute path, no mount, not in the image',
      files: files(reads('/etc/orders/pricing.yaml')),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 12,
          container: 'orders',
          message:
            'container "orders": os.ReadFile("/etc/orders/pricing.yaml") must succeed (the program stops otherwise) but no volume mounts /etc/orders/pricing.yaml and orders/Dockerfile does not copy it into the image: the container exits at start',
          evidence: [
            { file: 'deploy/orders.yaml', line: 18 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'relative to the image WORKDIR, which the runtime stage never fills',
      files: files(reads('config/pricing.yaml'), deploy(), workdir),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 12,
          message: /no volume mounts \/app\/config\/pricing\.yaml and orders\/Dockerfile does not copy it/,
          evidence: [
            { file: 'orders/Dockerfile', line: 7 },
            { file: 'deploy/orders.yaml', line: 18 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'opened in a helper; main stops on its error',
      files: files(viaHelper),
      findings: [{ file: 'cmd/orders/main.go', line: 10, column: 12, message: /^container "orders": os\.Open\("\/etc\/orders\/pricing\.yaml"\) must succeed/ }],
    },
  ],
});
