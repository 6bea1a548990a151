/** Shared multi-file fixtures for cross-artifact rules: go.mod + cmd/orders + Dockerfile + deploy.yaml. */
export const GOMOD = 'module example.com/shop\n\ngo 1.23\n';

export const DOCKERFILE = [
  'FROM golang:1.23 AS build',
  'WORKDIR /src',
  'COPY go.mod ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/orders ./cmd/orders',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --from=build /out/orders /orders',
  'ENTRYPOINT ["/orders"]',
  '',
].join('\n');

export interface DeployOpts {
  image?: string;
  containerPort?: number;
  env?: string;
  probes?: string;
  annotations?: string;
  service?: string;
  grace?: number;
}

/** A Deployment "orders" (line 1) and its Service; the container starts at line 21. */
export function deploy(o: DeployOpts = {}): string {
  const probes =
    o.probes ??
    [
      '          livenessProbe:',
      '            httpGet:',
      '              path: /healthz',
      '              port: http',
      '          readinessProbe:',
      '            httpGet:',
      '              path: /readyz',
      '              port: http',
    ].join('\n');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: orders',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: orders',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: orders',
    o.annotations ?? '      annotations: {}',
    '    spec:',
    `      terminationGracePeriodSeconds: ${o.grace ?? 30}`,
    '      containers:',
    '        - name: orders',
    `          image: ${o.image ?? 'registry.example.com/shop/orders:1.4.2'}`,
    '          ports:',
    `            - name: http`,
    `              containerPort: ${o.containerPort ?? 8080}`,
    ...(o.env ? [o.env] : []),
    probes,
    '---',
    o.service ??
      ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: orders', 'spec:', '  selector:', '    app: orders', '  ports:', '    - port: 80', '      targetPort: http'].join('\n'),
    '',
  ].join('\n');
}

export function mainGo(imports: string[], body: string, extra = ''): string {
  return `package main\n\nimport (\n${imports.map((i) => `\t"${i}"`).join('\n')}\n)\n\n${extra}func main() {\n${body}\n}\n`;
}
