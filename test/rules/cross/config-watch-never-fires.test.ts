import rule from '../../../src/rules/cross/config-watch-never-fires.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { DOCKERFILE, GOMOD, deploy, mainGo } from './fixtures.js';

const watcher = mainGo(
  ['log', 'net/http', 'github.com/fsnotify/fsnotify'],
  '\tw, err := fsnotify.NewWatcher()\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tw.Add("/etc/orders/config.yaml")\n\thttp.ListenAndServe(":8080", nil)',
);
const viper = mainGo(['net/http', 'github.com/spf13/viper'], '\tviper.SetConfigFile("/etc/orders/config.yaml")\n\tviper.WatchConfig()\n\thttp.ListenAndServe(":8080", nil)');
const PROBES = ['          livenessProbe:', '            httpGet:', '              path: /healthz', '              port: http'];
const VOLUMES = ['      volumes:', '        - name: config', '          configMap:', '            name: orders-config'];
const mount = (subPath: boolean, at = '/etc/orders/config.yaml') =>
  ['          volumeMounts:', '            - name: config', `              mountPath: ${subPath ? at : '/etc/orders'}`, ...(subPath ? ['              subPath: config.yaml'] : [])].join('\n');
const withVolume = (subPath: boolean, annotations?: string) => deploy({ env: mount(subPath), probes: [...PROBES, ...VOLUMES].join('\n'), ...(annotations ? { annotations } : {}) });
const ENV_FROM = '          envFrom:\n            - configMapRef:\n                name: orders-config';
const files = (go: string, yaml: string) => ({ 'go.mod': GOMOD, 'cmd/orders/main.go': go, 'orders/Dockerfile': DOCKERFILE, 'deploy/orders.yaml': yaml });

ruleTester(rule, {
  valid: [
    { name: 'the ConfigMap mounted as a directory and the directory watched', files: files(watcher.replace('w.Add("/etc/orders/config.yaml")', 'w.Add("/etc/orders")'), withVolume(false)) },
    { name: 'viper watches the directory itself and follows ..data', files: files(viper, withVolume(false)) },
    { name: 'subPath, but Reloader restarts the pods on change', files: files(watcher, withVolume(true, '      annotations:\n        reloader.stakater.com/auto: "true"')) },
    { name: 'config through env only and no watcher', files: files(mainGo(['net/http'], '\thttp.ListenAndServe(":8080", nil)'), deploy({ env: ENV_FROM })) },
    { name: 'watched file not delivered by Kubernetes at all (baked into the image, no ConfigMap)', files: files(watcher, deploy()) },
  ],
  invalid: [
    {
      name: 'fsnotify watching a file mounted with subPath',
      files: files(watcher, withVolume(true)),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 12,
          container: 'orders',
          message: 'container "orders": fsnotify watches /etc/orders/config.yaml, which is mounted from configMap orders-config with subPath: the file is never updated, the reload never fires',
          evidence: [
            { file: 'deploy/orders.yaml', line: 26 },
            { file: 'cmd/orders/main.go', line: 14 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'viper.WatchConfig on the SetConfigFile path, mounted with subPath',
      files: files(viper, withVolume(true)),
      findings: [{ file: 'cmd/orders/main.go', line: 10, column: 2, message: /^container "orders": viper\.WatchConfig watches \/etc\/orders\/config\.yaml, which is mounted from configMap/ }],
    },
    {
      name: 'fsnotify on the file inside a ConfigMap directory mount: dropped at the first ..data swap',
      files: files(watcher, withVolume(false)),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 12,
          message:
            'container "orders": fsnotify watches the file /etc/orders/config.yaml inside configMap volume orders-config: the kubelet updates it by swapping the ..data symlink, so the watch sees Chmod/Remove once and is dropped, later updates never reload',
          evidence: [
            { file: 'deploy/orders.yaml', line: 25 },
            { file: 'cmd/orders/main.go', line: 14 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'the ConfigMap comes in through envFrom: the watched file is the image copy',
      files: files(watcher, deploy({ env: ENV_FROM })),
      findings: [
        {
          file: 'cmd/orders/main.go',
          line: 10,
          column: 12,
          message:
            'container "orders": fsnotify watches /etc/orders/config.yaml, but the pod gets ConfigMap orders-config through envFrom and mounts nothing there: the watched file is the image\'s copy, it never changes',
          evidence: [
            { file: 'deploy/orders.yaml', line: 25 },
            { file: 'cmd/orders/main.go', line: 14 },
            { file: 'orders/Dockerfile', line: 6 },
          ],
        },
      ],
    },
  ],
});
