import type { Span } from '../core/finding.js';
import type { GoModule } from './gomod.js';

/**
 * Facts read from Go source with a syntax tree, not a type checker: every fact is what the
 * code says at one position, resolved as far as constants, local assignments, env defaults
 * and flag defaults allow. Rules must treat them as strong hints, not proofs.
 */

/** One piece of a string the program computes (an address, a path, a DSN). */
export type GoStringPart =
  /** Known text; `from` is the constant or literal it came from when that is elsewhere. */
  | { kind: 'text'; text: string; from?: Span }
  /** `os.Getenv(name)` (or LookupEnv); `fallback` replaces an empty value (`if v == "" { v = … }`, `cmp.Or`), written at `fallbackFrom`. */
  | { kind: 'env'; name: string; fallback?: string; fallbackFrom?: Span; span: Span }
  /** A command-line flag and its default. */
  | { kind: 'flag'; name: string; default: string; span: Span }
  /** Something the resolver cannot see through (a parameter, a struct field, a call). */
  | { kind: 'unknown'; expr: string; span: Span };

export interface GoString {
  /** The expression as written. */
  expr: string;
  span: Span;
  parts: GoStringPart[];
}

export interface GoImport {
  path: string;
  /** Explicit name: an alias, `_` or `.`. */
  alias?: string;
  span: Span;
}

/** `//kubewhy:ignore rule-a,rule-b`: covers its own line and the next one. */
export interface GoIgnoreComment {
  rules: string[];
  span: Span;
}

export interface GoFile {
  file: string;
  /** `//go:build` expression, or the GOOS/GOARCH implied by the file name (`_windows.go`). */
  constraint?: string;
  /** The `//go:build` line itself when there is one. */
  constraintSpan?: Span;
  /** The tree had syntax errors: facts come from the parsable parts only. */
  partial: boolean;
}

export interface GoDuration {
  /** Seconds when the expression is constant (`30 * time.Second`, `const grace = 10 * time.Second`). */
  seconds?: number;
  expr: string;
  span: Span;
}

/** Where a listener's traffic goes: a router/mux identity, shared with routes registered on it. */
export type RouterId = string;

/** The router registered through package-level `http.Handle*`: served when a server's handler is nil. */
export const DEFAULT_SERVE_MUX: RouterId = 'net/http.DefaultServeMux';

export type ListenerProtocol = 'http' | 'https' | 'grpc' | 'tcp' | 'unix' | 'unknown';

export interface GoListener {
  /** What starts listening, as code names it: `http.ListenAndServe`, `net.Listen`, `gin.Run`, `echo.Start`, `fiber.Listen`, `Server.ListenAndServe`. */
  call: string;
  protocol: ListenerProtocol;
  /** The call's position. */
  span: Span;
  /** The address as the code computes it; undefined when no address expression was found. */
  addr?: GoString;
  /** Router the listener serves, when known. */
  router?: RouterId;
  /** The `http.Server` literal it runs, when known. */
  server?: GoServer;
}

export type RouterFramework = 'net/http' | 'gin' | 'echo' | 'chi' | 'gorilla' | 'fiber' | 'httprouter';

/** A call the handler makes that depends on another service being up. */
export interface GoDependencyCall {
  kind: 'sql' | 'redis' | 'grpc' | 'http' | 'ping' | 'dial';
  /** The callee as written, e.g. `db.PingContext`. */
  call: string;
  span: Span;
  /** How it was reached: the handler itself (depth 0) or a function it calls (depth 1, 2). */
  depth: number;
}

export interface GoRoute {
  framework: RouterFramework;
  /** HTTP method, upper-case; undefined when any method matches. */
  method?: string;
  /** Path with group/subrouter prefixes applied, e.g. `/api/v1/users/{id}`. */
  path: string;
  /** Host part of a Go 1.22 pattern (`GET example.com/x`), if any. */
  host?: string;
  router: RouterId;
  span: Span;
  /** The handler expression as written (`s.health`, `healthz`, `func(...)`). */
  handler: string;
  /** Where the handler's body was found, when it was (a func literal, function or method of the package). */
  handlerSpan?: Span;
  reaches: GoDependencyCall[];
}

export interface GoSignalHandling {
  call: 'signal.Notify' | 'signal.NotifyContext';
  /** Signal names as written without package: `SIGTERM`, `Interrupt`, `SIGINT`. Empty = all signals. */
  signals: string[];
  span: Span;
}

export interface GoShutdownCall {
  /** `Server.Shutdown`, `GracefulStop`, `echo.Shutdown`, `fiber.ShutdownWithTimeout`, … */
  call: string;
  span: Span;
  /** The deadline of the context passed in, when it is a `context.WithTimeout`. */
  timeout?: GoDuration;
}

export interface GoShutdown {
  signals: GoSignalHandling[];
  calls: GoShutdownCall[];
}

export interface GoServer {
  /** The `http.Server{…}` (or `&http.Server{…}`) literal. */
  span: Span;
  addr?: GoString;
  router?: RouterId;
  readHeaderTimeout?: GoDuration;
  readTimeout?: GoDuration;
  writeTimeout?: GoDuration;
  idleTimeout?: GoDuration;
}

export type GoClientKind =
  /** `http.Client{…}` literal; `timeout` unset means none. */
  | 'client-literal'
  /** `http.DefaultClient` used explicitly. */
  | 'default-client'
  /** `http.Get/Post/Head/PostForm`: the default client, no timeout. */
  | 'package-helper'
  /** `http.NewRequest` (no context). */
  | 'request-without-context';

export interface GoClient {
  kind: GoClientKind;
  span: Span;
  /** The call or literal as written (short). */
  expr: string;
  timeout?: GoDuration;
}

export interface GoRuntimeTuning {
  /** `go.uber.org/automaxprocs` imported (blank or not). */
  automaxprocs?: Span;
  /** `github.com/KimMachineGun/automemlimit` imported. */
  automemlimit?: Span;
  setMemoryLimit: Span[];
  gomaxprocs: Span[];
  /** `//go:debug name=value` directives (they change runtime defaults in a main package). */
  godebug: { setting: string; value: string; span: Span }[];
}

export interface GoExecUse {
  /** The program name when literal (`git`, `/bin/sh`). */
  tool?: string;
  span: Span;
}

export interface GoImageNeeds {
  /** `import "C"` positions. */
  cgoImports: Span[];
  /** Imports of packages that need cgo (`github.com/mattn/go-sqlite3`, …). */
  cgoPackages: GoImport[];
  /** `os/user` (cgo lookups of /etc/passwd, or the pure-Go fallback reading it). */
  osUser?: GoImport;
  /** `user.Current()`, `user.Lookup(…)`, `user.LookupId(…)`, group lookups: they read /etc/passwd or /etc/group. */
  userLookups: { call: string; span: Span }[];
  /** `time.LoadLocation` calls (need zoneinfo in the image unless time/tzdata is embedded). */
  loadLocation: { name?: GoString; span: Span }[];
  /** `import _ "time/tzdata"`. */
  tzdata?: GoImport;
  /** Outbound TLS evidence: https URL literals, `tls.Dial`, `tls.Config`, TLS gRPC credentials. */
  tlsClients: { expr: string; span: Span }[];
  /** `golang.org/x/crypto/x509roots/fallback` (embedded roots). */
  embeddedRoots?: GoImport;
  exec: GoExecUse[];
}

export interface GoEnvRead {
  name: string;
  /** `os.Getenv`, `os.LookupEnv`, `viper.BindEnv`, `envconfig`, `env` (struct tag). */
  via: string;
  span: Span;
  /** Value used when the variable is empty or unset, when the code gives one. */
  fallback?: string;
  /** The program stops (log.Fatal, panic, os.Exit, `required:"true"`) when it is empty/unset. */
  required: boolean;
}

export interface GoFileOpen {
  /** `os.Open`, `os.ReadFile`, `viper.SetConfigFile`, `viper.AddConfigPath`, `godotenv.Load`, … */
  call: string;
  path: GoString;
  span: Span;
  /** The program stops when the open fails (`if err != nil { log.Fatal(…) }`, here or in the caller). */
  required: boolean;
}

export interface GoWatcher {
  kind: 'fsnotify' | 'viper';
  span: Span;
  /** What is watched (`watcher.Add(path)`); undefined for viper (it watches the config file). */
  target?: GoString;
}

export interface GoConfig {
  env: GoEnvRead[];
  /** `viper.AutomaticEnv()`: every key can come from the environment. */
  automaticEnv: Span[];
  files: GoFileOpen[];
  watchers: GoWatcher[];
  /** String literals that point at this machine (`localhost:5432`, `127.0.0.1`), e.g. default DSNs. */
  localhostRefs: { text: string; span: Span }[];
}

export interface GoObservability {
  /** `promhttp.Handler()` / `prometheus.Handler()` uses. */
  metricsHandlers: Span[];
  /** Go runtime collectors: the default registry (`promhttp.Handler`) or `collectors.NewGoCollector`. */
  goCollector: Span[];
  /** `net/http/pprof` import (registers on DefaultServeMux). */
  pprof?: GoImport;
  logLibraries: { path: string; structured: boolean; span: Span }[];
}

export interface GoPackage {
  /** Directory relative to the lint root (`.` for the root). */
  dir: string;
  name: string;
  files: GoFile[];
  /** `package main` with a `func main`. */
  isMain: boolean;
  mainSpan?: Span;
  /** The module whose go.mod is nearest above `dir`. */
  module?: GoModule;
  /** Import path when the module is known (`example.com/app/cmd/api`). */
  importPath?: string;
  imports: GoImport[];
  listeners: GoListener[];
  routes: GoRoute[];
  /** Route registrations whose path could not be resolved (a variable, a call): the route set is incomplete. */
  unresolvedRoutes?: Span[];
  shutdown: GoShutdown;
  clients: GoClient[];
  servers: GoServer[];
  runtime: GoRuntimeTuning;
  needs: GoImageNeeds;
  config: GoConfig;
  observability: GoObservability;
  ignores: GoIgnoreComment[];
}
