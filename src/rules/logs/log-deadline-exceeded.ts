import { errorLineRule, times } from '../../logs/rule-support.js';

export default errorLineRule(
  {
    id: 'log-deadline-exceeded',
    fault: 'E5',
    severity: 'warning',
    title: 'Calls to a dependency run out of time',
    why:
      '`context deadline exceeded` (and `Client.Timeout exceeded while awaiting headers`) means the peer accepted ' +
      'the request but answered too late: it is overloaded or throttled, or this side is CPU-starved (GC, CPU ' +
      'limit) and reads the answer late. Without timeouts the same slowness piles up goroutines instead.',
    fix: 'Find which side is slow (latency metrics of the dependency, throttling of this pod); keep the timeouts, add retries with backoff, and size CPU so GC and handlers are not throttled.',
    verify: 'kubectl top pod <pod> --containers; kubectl exec <pod> -- cat /sys/fs/cgroup/cpu.stat',
    tags: ['logs', 'network', 'latency'],
  },
  'deadline-exceeded',
  (f) => {
    const target = f.detail.target ? ` to ${f.detail.target}` : '';
    const kind = f.detail.clientTimeout ? 'http.Client timeout exceeded while awaiting headers' : f.detail.grpc ? 'gRPC DeadlineExceeded' : 'context deadline exceeded';
    return `requests${target} run out of time: ${kind}${times(f.count)}`;
  },
);
