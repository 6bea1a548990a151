import type { Container, ContainerPort } from 'kubernetes-types/core/v1.js';

/**
 * Resolves a probe port or Service targetPort (number or IANA name) against a container's
 * declared ports, the way the kubelet and the endpoints controller do.
 */
export function findContainerPort(c: Container, port: number | string | undefined): ContainerPort | undefined {
  if (port === undefined) return undefined;
  const ports = c.ports ?? [];
  if (typeof port === 'number') return ports.find((p) => p.containerPort === port);
  if (/^\d+$/.test(port)) return ports.find((p) => p.containerPort === Number(port));
  return ports.find((p) => p.name === port);
}

/**
 * A numeric port works even when undeclared (containerPort is informational), a named one
 * only when some container declares that name.
 */
export function portResolves(c: Container, port: number | string | undefined): boolean {
  if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) return true;
  return findContainerPort(c, port) !== undefined;
}
