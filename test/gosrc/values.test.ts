import { describe, expect, it } from 'vitest';
import { valueOf } from '../../src/model/go-values.js';
import type { GoPackage } from '../../src/model/gosrc.js';
import { at, loadInline } from './helpers.js';

async function one(source: string, extra: Record<string, string> = {}): Promise<GoPackage> {
  const { packages, errors } = await loadInline({ 'svc/main.go': source, ...extra });
  expect(errors).toEqual([]);
  const p = packages[0];
  if (!p) throw new Error('no package');
  return p;
}

const addrs = (p: GoPackage, env: Record<string, string> = {}): (string | undefined)[] => p.listeners.map((l) => (l.addr ? valueOf(l.addr, env) : undefined));

describe('address resolution', () => {
  it('constant first, env override later (`addr := ":8080"; if p != "" { addr = ":" + p }`)', async () => {
    const p = await one(`package main
import ("net/http"; "os")
func main() {
	addr := ":8080"
	if p := os.Getenv("PORT"); p != "" {
		addr = ":" + p
	}
	http.ListenAndServe(addr, nil)
}
`);
    expect(addrs(p)).toEqual([':8080']);
    expect(addrs(p, { PORT: '1234' })).toEqual([':1234']);
  });

  it('LookupEnv with `if !ok`, flag.StringVar, Sprintf host:port and net.JoinHostPort', async () => {
    const p = await one(`package main
import ("flag"; "fmt"; "net"; "net/http"; "os")
var host string
func main() {
	flag.StringVar(&host, "host", "0.0.0.0", "bind host")
	port, ok := os.LookupEnv("APP_PORT")
	if !ok {
		port = "7000"
	}
	http.ListenAndServe(fmt.Sprintf("%s:%s", host, port), nil)
	ln, _ := net.Listen("tcp", net.JoinHostPort("localhost", port))
	http.Serve(ln, nil)
}
`);
    expect(addrs(p)).toEqual(['0.0.0.0:7000', 'localhost:7000']);
    expect(p.listeners.map((l) => l.protocol)).toEqual(['http', 'http']);
    expect(p.config.env.map((e) => [e.name, e.via, e.fallback, e.required])).toEqual([['APP_PORT', 'os.LookupEnv', '7000', false]]);
  });

  it('an address it cannot see through stays unknown, with the expression kept', async () => {
    const p = await one(`package main
import "net/http"
type cfg struct{ Addr string }
func run(c cfg) { http.ListenAndServe(c.Addr, nil) }
func main() { run(cfg{}) }
`);
    expect(addrs(p)).toEqual([undefined]);
    expect(p.listeners[0]?.addr?.parts).toEqual([{ kind: 'unknown', expr: 'c.Addr', span: expect.objectContaining({ line: 4, column: 39 }) }]);
  });
});

describe('servers, clients and shutdown', () => {
  it('durations in every usual spelling, a client with Timeout, signal.Notify', async () => {
    const p = await one(`package main
import ("context"; "net/http"; "os"; "os/signal"; "syscall"; "time")
const graceSeconds = 25
type app struct{ srv *http.Server }
func main() {
	a := &app{srv: &http.Server{Addr: ":8080", ReadHeaderTimeout: 500 * time.Millisecond, IdleTimeout: time.Minute}}
	c := http.Client{Timeout: time.Duration(3) * time.Second}
	_ = c
	go a.srv.ListenAndServe()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	<-ch
	ctx, cancel := context.WithTimeout(context.Background(), graceSeconds*time.Second)
	defer cancel()
	a.srv.Shutdown(ctx)
}
`);
    const s = p.servers[0];
    expect(s?.readHeaderTimeout?.seconds).toBe(0.5);
    expect(s?.idleTimeout?.seconds).toBe(60);
    expect(p.listeners.map((l) => [l.call, valueOf(l.addr!), l.server === s])).toEqual([['Server.ListenAndServe', ':8080', true]]);
    expect(p.clients.map((c) => [c.kind, c.timeout?.seconds])).toEqual([['client-literal', 3]]);
    expect(p.shutdown.signals.map((x) => [x.call, x.signals])).toEqual([['signal.Notify', ['SIGTERM', 'SIGINT']]]);
    expect(p.shutdown.calls.map((x) => [x.call, x.timeout?.seconds, at(x.span)])).toEqual([['http.Server.Shutdown', 25, 'svc/main.go:15:2']]);
  });

  it('a Shutdown on something that is not a server keeps its receiver text', async () => {
    const p = await one(`package main
import "context"
type tracer interface{ Shutdown(context.Context) error }
func main() {
	var tp tracer
	tp.Shutdown(context.Background())
}
`);
    expect(p.shutdown.calls.map((c) => c.call)).toEqual(['tp.Shutdown']);
  });

  it('DefaultClient, http.Get helpers and NewRequest without context', async () => {
    const p = await one(`package main
import "net/http"
func main() {
	req, _ := http.NewRequest("GET", "http://x", nil)
	http.DefaultClient.Do(req)
	http.Post("http://x", "text/plain", nil)
	r2, _ := http.NewRequestWithContext(nil, "GET", "http://x", nil)
	_ = r2
}
`);
    expect(p.clients.map((c) => [c.kind, at(c.span)])).toEqual([
      ['default-client', 'svc/main.go:5:2'],
      ['request-without-context', 'svc/main.go:4:12'],
      ['package-helper', 'svc/main.go:6:2'],
    ]);
  });
});

describe('routes registered away from main', () => {
  it('a router stored in a struct field, routes in a method, served by a server in another file', async () => {
    const p = await one(
      `package main
import "net/http"
type api struct{ router *http.ServeMux }
func newAPI() *api { return &api{router: http.NewServeMux()} }
func (a *api) routes() {
	a.router.HandleFunc("/healthz", a.health)
	http.HandleFunc("/debug/vars", nil)
}
func (a *api) health(w http.ResponseWriter, r *http.Request) {}
`,
      {
        'svc/serve.go': `package main
import "net/http"
func main() {
	a := newAPI()
	a.routes()
	http.ListenAndServe(":8080", a.router)
}
`,
      },
    );
    expect(p.routes.map((r) => [r.path, r.router])).toEqual([
      ['/healthz', 'svc/main.go:4:42'],
      ['/debug/vars', 'net/http.DefaultServeMux'],
    ]);
    expect(p.listeners.map((l) => l.router)).toEqual(['svc/main.go:4:42']);
    expect(at(p.routes[0]?.handlerSpan)).toBe('svc/main.go:9:1');
  });
});

describe('configuration and runtime', () => {
  it('struct tags of envconfig and caarlos0/env, viper bindings, a fatal inline check', async () => {
    const p = await one(`package main
import ("log"; "os"; "github.com/kelseyhightower/envconfig"; "github.com/spf13/viper")
type Config struct {
	Port    string \`envconfig:"PORT" default:"8080"\`
	DBURL   string \`envconfig:"DATABASE_URL" required:"true"\`
	Token   string \`env:"API_TOKEN,required"\`
	Region  string \`env:"REGION" envDefault:"eu-west-1"\`
	Ignored string
}
func main() {
	var c Config
	envconfig.Process("", &c)
	viper.AutomaticEnv()
	viper.BindEnv("redis.addr", "REDIS_ADDR")
	if os.Getenv("LICENSE_KEY") == "" {
		log.Fatal("LICENSE_KEY is required")
	}
}
`);
    expect(p.config.env.map((e) => [e.name, e.via, e.fallback, e.required])).toEqual([
      ['REDIS_ADDR', 'viper.BindEnv', undefined, false],
      ['LICENSE_KEY', 'os.Getenv', undefined, true],
      ['PORT', 'envconfig', '8080', false],
      ['DATABASE_URL', 'envconfig', undefined, true],
      ['API_TOKEN', 'env', undefined, true],
      ['REGION', 'env', 'eu-west-1', false],
    ]);
    expect(p.config.automaticEnv.map(at)).toEqual(['svc/main.go:13:2']);
  });

  it('which file opens stop the program on failure (here, in a caller, through viper.ReadInConfig), and user lookups', async () => {
    const p = await one(`package main
import ("log"; "os"; "os/user"; "crypto/tls"; "github.com/spf13/viper")
func loadRules() error {
	_, err := os.ReadFile("/etc/app/rules.json")
	if err != nil {
		return err
	}
	return nil
}
func main() {
	if err := loadRules(); err != nil {
		log.Fatalf("rules: %v", err)
	}
	if b, err := os.ReadFile("motd.txt"); err == nil {
		log.Print(string(b))
	}
	log.Fatal(tls.LoadX509KeyPair("/tls/tls.crt", "/tls/tls.key"))
	viper.SetConfigFile("/etc/app/config.yaml")
	if err := viper.ReadInConfig(); err != nil {
		panic(err)
	}
	u, _ := user.Current()
	_, _ = user.LookupId(u.Uid)
}
`);
    expect(p.config.files.map((f) => [f.call, valueOf(f.path), f.required, at(f.span)])).toEqual([
      ['os.ReadFile', '/etc/app/rules.json', true, 'svc/main.go:4:12'],
      ['os.ReadFile', 'motd.txt', false, 'svc/main.go:14:15'],
      ['tls.LoadX509KeyPair', '/tls/tls.crt', true, 'svc/main.go:17:12'],
      ['tls.LoadX509KeyPair', '/tls/tls.key', true, 'svc/main.go:17:12'],
      ['viper.SetConfigFile', '/etc/app/config.yaml', true, 'svc/main.go:18:2'],
    ]);
    expect(p.needs.userLookups.map((l) => [l.call, at(l.span)])).toEqual([
      ['user.Current', 'svc/main.go:22:10'],
      ['user.LookupId', 'svc/main.go:23:9'],
    ]);
  });

  it('GOMAXPROCS writes (not reads), //go:debug directives, tzdata and embedded roots', async () => {
    const p = await one(`//go:debug madvdontneed=1
package main
import (
	"runtime"
	_ "time/tzdata"
	_ "golang.org/x/crypto/x509roots/fallback"
	_ "github.com/KimMachineGun/automemlimit"
)
func main() {
	_ = runtime.GOMAXPROCS(0)
	runtime.GOMAXPROCS(2)
}
`);
    expect(p.runtime.gomaxprocs.map(at)).toEqual(['svc/main.go:11:2']);
    expect(p.runtime.godebug).toEqual([{ setting: 'madvdontneed', value: '1', span: expect.objectContaining({ line: 1, column: 1 }) }]);
    expect(at(p.runtime.automemlimit)).toBe('svc/main.go:7:2');
    expect(at(p.needs.tzdata?.span)).toBe('svc/main.go:5:2');
    expect(at(p.needs.embeddedRoots?.span)).toBe('svc/main.go:6:2');
  });

  it('finds calls after non-ASCII text with UTF-16 columns', async () => {
    const p = await one(`package main
import "net/http"
// Grüße 😀 — ünïcödé before the call
func main() { s := "€😀"; _ = s; http.ListenAndServe(":8080", nil) }
`);
    expect(p.listeners.map((l) => at(l.span))).toEqual(['svc/main.go:4:34']);
  });

  it('import aliases are followed', async () => {
    const p = await one(`package main
import (h "net/http"; sig "os/signal"; "syscall")
func main() {
	sig.Notify(nil, syscall.SIGTERM)
	h.ListenAndServe(":9000", nil)
}
`);
    expect(addrs(p)).toEqual([':9000']);
    expect(p.shutdown.signals.map((s) => s.signals)).toEqual([['SIGTERM']]);
  });
});
