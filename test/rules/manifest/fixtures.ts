/** A Deployment as teams write it; `container` is spliced in at the containers list (8-space indent). */
export function deployment(container: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
${container}${extra}`;
}

export const service = `---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector: { app: api }
  ports:
    - port: 80
      targetPort: http
`;
