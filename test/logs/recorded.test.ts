import { describe, expect, it } from 'vitest';
import { decode, recorded } from './helpers.js';

// Go 1.21 / 1.25 output recorded with Debian's toolchains (fixtures/recorded/README.md).
describe('recorded older formats', () => {
  it('1.21 schedtrace: [0 0 0 0] lists, no schedticks', async () => {
    const s = (await decode(recorded('schedtrace-go1.21.txt'))).sched!;
    expect(s.first.local).toEqual([0, 0, 0, 0]);
    expect(s.first.schedticks).toBeUndefined();
    expect(s.count).toBe(5);
  });

  it('1.25 schedtrace: [ 1 0 0 0 ] lists and schedticks', async () => {
    const s = (await decode(recorded('schedtrace-go1.25.txt'))).sched!;
    expect(s.samples[1]).toMatchObject({ ms: 104, runqueue: 2, local: [0, 1, 1, 0], schedticks: [6, 6, 9, 5] });
  });

  it('1.21 scheddetail: status=4(semacquire), idle Ps', async () => {
    const s = (await decode(recorded('scheddetail-go1.21.txt'))).sched!;
    expect(s.samples[1]?.goroutines).toMatchObject({ semacquire: 1, runnable: 6, running: 2 });
    expect(s.maxQueued).toBe(6);
  });

  it('1.21 gctrace and forced cycle', async () => {
    const gc = (await decode(recorded('gctrace-go1.21.txt'))).gc!;
    expect(gc.count).toBe(8);
    expect(gc.last).toMatchObject({ n: 8, forced: true, heapStartMB: 89, liveMB: 31, goalMB: 108, procs: 2 });
    expect(gc.peak.n).toBe(7);
  });

  it('1.21 multi-line panic value at column 0', async () => {
    const c = (await decode(recorded('panic-multiline-go1.21.txt'))).crashes[0]!;
    expect(c.panics[0]?.value).toBe('line1\nline2');
  });

  it('same-value re-panic: 1.21 prints two lines, 1.25 one with [recovered, repanicked]', async () => {
    const old = (await decode(recorded('panic-samerepanic-go1.21.txt'))).crashes[0]!;
    expect(old.panics.map((p) => p.recovered)).toEqual([true, false]);
    const now = (await decode(recorded('panic-samerepanic-go1.25.txt'))).crashes[0]!;
    expect(now.panics).toEqual([{ value: 'first', recovered: true, repanicked: true }]);
  });

  it('GOTRACEBACK=all with minutes', async () => {
    const c = (await decode(recorded('panic-gotraceback-all-with-minutes-go1.25.txt'))).crashes[0]!;
    expect(c.groups[1]).toMatchObject({ state: 'chan receive', minMinutes: 1, maxMinutes: 1 });
  });

  it('1.21 stack overflow: runtime lines, runtime stack, elided frames', async () => {
    const c = (await decode(recorded('fatal-stack-overflow-go1.21.txt'))).crashes[0]!;
    expect(c.fatal).toBe('stack overflow');
    expect(c.runtimeLines[0]?.text).toMatch(/goroutine stack exceeds 1000000000-byte limit/);
    expect(c.culprit?.userFrame?.func).toBe('main.recurse');
  });

  it('1.21 concurrent map writes (no map frame on top)', async () => {
    const c = (await decode(recorded('fatal-concurrent-map-writes-go1.21.txt'))).crashes[0]!;
    expect(c.culprit?.userFrame?.func).toMatch(/^main\./);
  });

  it('1.21 SIGQUIT dump', async () => {
    const c = (await decode(recorded('sigquit-dump-go1.21.txt'))).crashes[0]!;
    expect(c.kind).toBe('signal');
    expect(c.groups.find((g) => g.ids.includes(1))?.state).toBe('sleep');
  });

  it('1.21 inittrace', async () => {
    const init = (await decode(recorded('inittrace-go1.21.txt'))).init!;
    expect(init.packages).toBeGreaterThan(5);
    expect(init.last.pkg).toBeTruthy();
  });
});
