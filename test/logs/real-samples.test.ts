import { describe, expect, it } from 'vitest';
import { decode, real, REAL } from './helpers.js';

// Output of the Go programs in fixtures/go, built and run by fixtures/build.sh with the local toolchain.
describe.skipIf(!REAL)('real Go output', () => {
  it('nil pointer panic: value, signal line, culprit frame in user code', async () => {
    const f = await decode(real('crash-nilptr'));
    const c = f.crashes[0]!;
    expect(c.kind).toBe('panic');
    expect(c.panics).toEqual([{ value: 'runtime error: invalid memory address or nil pointer dereference', recovered: false, repanicked: false }]);
    expect(c.signal).toMatchObject({ name: 'SIGSEGV', description: 'segmentation violation', code: '0x1', addr: '0x0' });
    expect(c.culprit?.userFrame?.func).toBe('main.nilptr');
    expect(c.culprit?.userFrame?.file).toMatch(/fixtures\/go\/crash\/main\.go$/);
  });

  it('GOTRACEBACK=system: gp=/m= headers and fp= frames, runtime goroutines dropped from the culprit', async () => {
    const c = (await decode(real('crash-traceback-system'))).crashes[0]!;
    expect(c.systemTraceback).toBe(true);
    expect(c.culprit?.userFrame?.func).toBe('main.nilptr');
    expect(c.goroutines).toBeGreaterThan(3);
    expect(c.groups.some((g) => g.state === 'force gc (idle)')).toBe(true);
  });

  it('panic in a goroutine names its creator (created by … in goroutine 1)', async () => {
    const c = (await decode(real('crash-goroutine'))).crashes[0]!;
    expect(c.panics[0]?.value).toBe('in goroutine');
    expect(c.culprit?.createdBy).toMatchObject({ func: 'main.main', parent: 1 });
  });

  it('recovered then re-panicked: the chain', async () => {
    const c = (await decode(real('crash-repanic'))).crashes[0]!;
    expect(c.panics.map((p) => [p.value, p.recovered])).toEqual([['first', true], ['re-panic after first', false]]);
  });

  it('multi-line panic value (tab-indented continuation)', async () => {
    const c = (await decode(real('crash-multiline'))).crashes[0]!;
    expect(c.panics[0]?.value).toBe('line1\nline2');
  });

  it('deadlock: no culprit, every goroutine blocked in chan receive', async () => {
    const c = (await decode(real('crash-deadlock'))).crashes[0]!;
    expect(c.fatal).toBe('all goroutines are asleep - deadlock!');
    expect(c.culprit).toBeUndefined();
    expect(c.groups.map((g) => [g.state, g.userFrame?.func])).toEqual([['chan receive', 'main.main'], ['chan receive', 'main.worker']]);
  });

  it('concurrent map writes: the writer is the culprit, in user code below the runtime map frame', async () => {
    const c = (await decode(real('crash-mapwrites'))).crashes[0]!;
    expect(c.fatal).toBe('concurrent map writes');
    expect(c.culprit?.frames[0]?.func).toMatch(/^internal\/runtime\/maps\.fatal$|^runtime\./);
    expect(c.culprit?.userFrame?.func).toMatch(/^main\.main\.func\d+$/);
  });

  it('malformed GOMEMLIMIT: the value line before the throw', async () => {
    const c = (await decode(real('gomemlimit-malformed'))).crashes[0]!;
    expect(c.fatal).toMatch(/^malformed GOMEMLIMIT/);
    expect(c.gomemlimit).toBe('512Mi');
  });

  it('goroutine leak (GOTRACEBACK=all): 5,000 goroutines grouped by stack, largest first', async () => {
    const c = (await decode(real('leak-traceback-all'))).crashes[0]!;
    const top = c.groups.filter((g) => g.state !== 'running').slice(0, 3).map((g) => [g.count, g.state, g.userFrame?.func]);
    expect(top).toEqual([[5000, 'chan receive', 'main.waitForReply'], [200, 'select', 'main.poll'], [100, 'IO wait', 'main.readConn']]);
    expect(c.groups[0]?.ids).toContain(1);
  });

  it('SIGQUIT dump of the same leak: system traceback, g0 left out, 5,000 in one group', async () => {
    const c = (await decode(real('leak-sigquit'))).crashes[0]!;
    expect(c.kind).toBe('signal');
    expect(c.signal?.name).toBe('SIGQUIT');
    expect(c.systemTraceback).toBe(true);
    expect(c.groups[0]).toMatchObject({ count: 5000, state: 'chan receive' });
    expect(c.groups.some((g) => g.ids.includes(0))).toBe(false);
  });

  it('schedtrace (Go 1.25+ format): per-P queues, schedticks, starvation', async () => {
    const s = (await decode(real('sched-busy'))).sched!;
    expect(s.first).toMatchObject({ ms: 0, gomaxprocs: 4 });
    expect(s.samples.every((x) => x.local?.length === 4 && x.schedticks?.length === 4)).toBe(true);
    expect(s.starvedTicks).toBeGreaterThanOrEqual(3);
    expect(s.maxQueued).toBeGreaterThan(4);
  });

  it('scheddetail: goroutine states per tick, queues from the P lines', async () => {
    const s = (await decode(real('sched-detail'))).sched!;
    expect(s.samples[0]?.local).toBeUndefined();
    expect(s.samples.some((x) => (x.goroutines?.runnable ?? 0) > 0)).toBe(true);
    expect(s.maxQueued).toBeGreaterThan(0);
  });

  it('a process that only waits: all Ps idle and no schedtick moves', async () => {
    const s = (await decode(real('sched-stall'))).sched!;
    expect(s.longestStall.ticks).toBeGreaterThanOrEqual(10);
  });

  it('blocking syscalls: threads grow', async () => {
    const s = (await decode(real('sched-threads'))).sched!;
    expect(s.maxThreads - s.first.threads).toBeGreaterThanOrEqual(150);
  });

  it('gctrace: cycles, live heap growth, forced cycles and scavenger lines', async () => {
    const leak = (await decode(real('gc-leak'))).gc!;
    expect(leak.count).toBeGreaterThan(10);
    expect(leak.last.liveMB).toBeGreaterThanOrEqual(90);
    expect(leak.first.n).toBe(1);
    const forced = (await decode(real('gc-forced'))).gc!;
    expect(forced.forced).toBe(5);
    expect(forced.scavCount).toBeGreaterThan(0);
  });

  it('gctrace with GOMEMLIMIT: the goal pins at the limit while cycles run back to back', async () => {
    const gc = (await decode(real('gc-leak-gomemlimit'))).gc!;
    expect(gc.last.goalMB).toBeLessThanOrEqual(gc.last.liveMB + 2);
    expect(gc.count).toBeGreaterThan(100);
  });

  it('inittrace: the slow package and the total', async () => {
    const init = (await decode(real('inittrace'))).init!;
    expect(init.slowest[0]).toMatchObject({ pkg: 'example.com/slowinit/slow' });
    expect(init.slowest[0]!.clockMs).toBeGreaterThanOrEqual(1000);
    expect(init.totalMs).toBeGreaterThanOrEqual(1000);
  });

  it('init hang: inittrace then a SIGQUIT dump with goroutine 1 in db.init.0', async () => {
    const f = await decode(real('inithang-sigquit'));
    const g1 = f.crashes[0]!.groups.find((g) => g.ids.includes(1))!;
    expect(g1.locked).toBe(true);
    expect(g1.frames.map((x) => x.func)).toContain('example.com/inithang/db.init.0');
  });

  it('error lines from the real standard library, with std log timestamps kept', async () => {
    const f = await decode(real('errors'));
    expect(f.errors.map((e) => e.kind)).toEqual([
      'connection-refused-localhost', 'connection-refused-localhost', 'dns-no-such-host', 'dial-timeout', 'deadline-exceeded',
      'x509-unknown-authority', 'deadline-exceeded', 'unknown-time-zone', 'config-file-missing', 'address-in-use',
      'privileged-port-denied', 'exec-format-error', 'connection-refused-localhost',
    ]);
    expect(f.errors[2]?.detail).toEqual({ host: 'postgres', resolver: '10.96.0.10:53' });
    expect(f.errors[0]?.at.time).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/);
    expect(JSON.stringify(f)).not.toContain('s3cr3t');
  });
});
