/** A Deployment + Service pair whose init container runs `script` (sh -c), in namespace shop. */
export function waitingApp(name: string, script: string, service = ''): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      initContainers:
        - name: wait
          image: busybox:1.36
          command: [sh, -c]
          args:
            - ${script}
      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1.4.2
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
${service}  selector: { app: ${name} }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
}
