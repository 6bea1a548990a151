import type { Node } from 'web-tree-sitter';
import type { GoImageNeeds, GoImport, GoObservability, GoRuntimeTuning } from '../../model/gosrc.js';
import { isPkgCall, type Callee } from './callee.js';
import type { Resolver } from './resolve.js';
import { brief, callArgs, field, stringLiteral } from './syntax.js';

/** Packages that only build with cgo (they wrap a C library). */
const CGO_PACKAGES = [
  /^github\.com\/mattn\/go-sqlite3$/,
  /^github\.com\/confluentinc\/confluent-kafka-go(\/v\d+)?\/kafka$/,
  /^gopkg\.in\/gographics\/imagick\.v\d+\//,
  /^github\.com\/google\/gopacket\/pcap$/,
  /^github\.com\/(tecbot\/gorocksdb|linxGnu\/grocksdb)$/,
  /^github\.com\/godror\/godror$/,
  /^github\.com\/DataDog\/zstd$/,
  /^github\.com\/ceph\/go-ceph\//,
  /^github\.com\/h2non\/bimg$/,
  /^github\.com\/davidbyttow\/govips\//,
];

/** SDKs that talk HTTPS to their cloud: they need system roots like any https client. */
const TLS_SDKS = [/^github\.com\/aws\/aws-sdk-go(-v2)?\//, /^cloud\.google\.com\/go\//, /^google\.golang\.org\/api\//, /^github\.com\/Azure\/azure-sdk-for-go\//, /^github\.com\/stripe\/stripe-go/];

const LOG_LIBRARIES: { path: RegExp; structured: boolean }[] = [
  { path: /^log$/, structured: false },
  { path: /^log\/slog$/, structured: true },
  { path: /^go\.uber\.org\/zap$/, structured: true },
  { path: /^github\.com\/sirupsen\/logrus$/, structured: true },
  { path: /^github\.com\/rs\/zerolog(\/log)?$/, structured: true },
  { path: /^github\.com\/go-kit\/(kit\/)?log$/, structured: true },
  { path: /^github\.com\/go-logr\/logr$/, structured: true },
  { path: /^github\.com\/golang\/glog$/, structured: false },
  { path: /^k8s\.io\/klog(\/v\d+)?$/, structured: false },
];

const PROMETHEUS = /^github\.com\/prometheus\/client_golang\/prometheus/;

/** What the runtime image must contain, how the Go runtime is tuned, and what the service exposes about itself. */
export class ImageNeedsExtractor {
  static readonly CALL_NAMES = [
    'SetMemoryLimit', 'GOMAXPROCS', 'LoadLocation', 'Dial', 'DialWithDialer', 'NewTLS', 'NewClientTLSFromCert', 'NewClientTLSFromFile',
    'Command', 'CommandContext', 'Handler', 'HandlerFor', 'InstrumentMetricHandler', 'NewGoCollector',
    'Current', 'Lookup', 'LookupId', 'LookupGroup', 'LookupGroupId',
  ];
  readonly runtime: GoRuntimeTuning = { setMemoryLimit: [], gomaxprocs: [], godebug: [] };
  readonly needs: GoImageNeeds = { cgoImports: [], cgoPackages: [], userLookups: [], loadLocation: [], tlsClients: [], exec: [] };
  readonly observability: GoObservability = { metricsHandlers: [], goCollector: [], logLibraries: [] };

  constructor(private readonly r: Resolver) {}

  imports(imports: GoImport[]): void {
    const seenLog = new Set<string>();
    for (const imp of imports) {
      const p = imp.path;
      if (p === 'C') this.needs.cgoImports.push(imp.span);
      else if (CGO_PACKAGES.some((re) => re.test(p))) this.needs.cgoPackages.push(imp);
      else if (p === 'os/user') this.needs.osUser ??= imp;
      else if (p === 'time/tzdata') this.needs.tzdata ??= imp;
      else if (p === 'golang.org/x/crypto/x509roots/fallback') this.needs.embeddedRoots ??= imp;
      else if (p === 'net/http/pprof') this.observability.pprof ??= imp;
      else if (p.startsWith('go.uber.org/automaxprocs')) this.runtime.automaxprocs ??= imp.span;
      else if (p.startsWith('github.com/KimMachineGun/automemlimit')) this.runtime.automemlimit ??= imp.span;
      if (TLS_SDKS.some((re) => re.test(p))) this.needs.tlsClients.push({ expr: p, span: imp.span });
      const log = LOG_LIBRARIES.find((l) => l.path.test(p));
      if (log && !seenLog.has(p)) {
        seenLog.add(p);
        this.observability.logLibraries.push({ path: p, structured: log.structured, span: imp.span });
      }
    }
  }

  call(call: Node, c: Callee): void {
    if (c.kind !== 'pkg') return;
    const args = callArgs(call);
    const span = this.r.span(call);
    if (isPkgCall(c, 'runtime/debug', 'SetMemoryLimit')) this.runtime.setMemoryLimit.push(span);
    // runtime.GOMAXPROCS(0) only reads the setting.
    else if (isPkgCall(c, 'runtime', 'GOMAXPROCS') && args[0] && this.r.value(args[0]) !== '0') this.runtime.gomaxprocs.push(span);
    else if (isPkgCall(c, 'os/user', 'Current', 'Lookup', 'LookupId', 'LookupGroup', 'LookupGroupId')) this.needs.userLookups.push({ call: `user.${c.name}`, span });
    else if (isPkgCall(c, 'time', 'LoadLocation')) this.needs.loadLocation.push({ ...(args[0] ? { name: this.r.string(args[0]) } : {}), span });
    else if (isPkgCall(c, 'crypto/tls', 'Dial', 'DialWithDialer') || isPkgCall(c, 'google.golang.org/grpc/credentials', 'NewTLS', 'NewClientTLSFromCert', 'NewClientTLSFromFile')) {
      this.needs.tlsClients.push({ expr: brief(call.text, 60), span });
    } else if (isPkgCall(c, 'os/exec', 'Command', 'CommandContext')) {
      const nameArg = args[c.name === 'Command' ? 0 : 1];
      const tool = nameArg ? this.r.value(nameArg) : undefined;
      this.needs.exec.push({ ...(tool !== undefined ? { tool } : {}), span });
    } else if (isPkgCall(c, PROMETHEUS, 'Handler', 'HandlerFor', 'InstrumentMetricHandler')) {
      this.observability.metricsHandlers.push(span);
      // promhttp.Handler() serves the default registry, which registers the Go collector.
      if (c.name === 'Handler') this.observability.goCollector.push(span);
    } else if (isPkgCall(c, PROMETHEUS, 'NewGoCollector')) this.observability.goCollector.push(span);
  }

  literal(lit: Node): void {
    const type = field(lit, 'type');
    const q = type ? this.r.qualified(type) : undefined;
    if (q?.path === 'crypto/tls' && q.name === 'Config') this.needs.tlsClients.push({ expr: 'tls.Config{…}', span: this.r.span(lit) });
  }

  string(node: Node): void {
    const v = stringLiteral(node);
    if (v !== undefined && /^(https|wss|grpcs):\/\/[^\s/]/.test(v)) this.needs.tlsClients.push({ expr: brief(v, 80), span: this.r.span(node) });
  }

  /** `//go:debug name=value` directives (before the package clause). */
  comment(node: Node): void {
    const m = /^\/\/go:debug\s+([\w.-]+)=(\S+)/.exec(node.text);
    if (m?.[1] && m[2] !== undefined && node.parent?.type === 'source_file') this.runtime.godebug.push({ setting: m[1], value: m[2], span: this.r.span(node) });
  }
}
