import { errorLineRule, times } from '../../logs/rule-support.js';

const WELL_KNOWN: Record<string, string> = {
  '5432': 'PostgreSQL', '3306': 'MySQL', '6379': 'Redis', '27017': 'MongoDB', '9092': 'Kafka',
  '5672': 'RabbitMQ', '11211': 'memcached', '9200': 'Elasticsearch', '2379': 'etcd', '4222': 'NATS',
};

export default errorLineRule(
  {
    id: 'log-connection-refused-localhost',
    fault: 'C2',
    severity: 'error',
    title: 'The service dials localhost for a dependency that runs elsewhere',
    why:
      'Inside a pod, localhost/127.0.0.1 is the pod itself. A DSN or host that worked on a laptop or in docker-compose ' +
      '(`DB_HOST=localhost`) gets `connect: connection refused` in Kubernetes, because nothing in the pod listens on ' +
      'that port; the service then exits or never becomes ready.',
    fix: 'Point the host at the dependency\'s Service DNS name (postgres.<namespace>.svc.cluster.local) in the ConfigMap/env; keep localhost only for a sidecar that really runs in the pod.',
    verify: 'kubectl exec <pod> -- env | grep -i -E "host|dsn|url"',
    tags: ['logs', 'network'],
  },
  'connection-refused-localhost',
  (f) => {
    const port = f.detail.port ?? '';
    const what = WELL_KNOWN[port] ? ` (${WELL_KNOWN[port]}'s port)` : '';
    return `connection refused by ${f.detail.address}${what}: in a pod, localhost is the pod itself${times(f.count)}`;
  },
);

