/** An HPA as teams write it (autoscaling/v2); `body` follows scaleTargetRef at two-space indent. */
export function hpa(body: string, target = 'kind: Deployment, name: api', apiVersion = 'autoscaling/v2'): string {
  return `---
apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, ${target} }
${body}`;
}

export const cpu70 = `  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: 70 }
`;
