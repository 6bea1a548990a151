import rule from '../../../src/rules/dockerfile/apk-apt-hygiene.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'apk add --no-cache', files: { Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata\nCMD ["/app"]\n' } },
    { name: 'apk with --update --no-cache flags first', files: { Dockerfile: 'FROM alpine:3.20\nRUN apk --no-cache --update add ca-certificates\n' } },
    {
      name: 'textbook apt-get',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n' },
    },
    {
      name: 'apt cache mounts instead of cleaning',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y --no-install-recommends ca-certificates\n' },
    },
    {
      name: 'sloppy installs in a builder stage do not ship',
      files: { Dockerfile: 'FROM golang:1.23-alpine AS build\nRUN apk add git make\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n' },
    },
  ],
  invalid: [
    {
      name: 'apk add without --no-cache in the runtime stage',
      files: { Dockerfile: 'FROM golang:1.23-alpine AS build\nRUN go build -o /app .\nFROM alpine:3.20\nRUN apk update && apk add ca-certificates\nCOPY --from=build /app /app\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 1, message: 'package install in the shipped image: `apk add` without --no-cache keeps the package index' }],
    },
    {
      name: 'apt-get upgrade + install with nothing cleaned',
      files: { Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get upgrade -y && apt-get install -y ca-certificates\nCMD ["/app"]\n' },
      findings: [
        {
          file: 'Dockerfile',
          line: 2,
          column: 1,
          message:
            'package install in the shipped image: `apt-get install` without `rm -rf /var/lib/apt/lists/*` in the same RUN; `apt-get install` without --no-install-recommends; `apt-get upgrade` makes the image depend on the build date',
        },
      ],
    },
    {
      name: 'lists cleaned in a later RUN do not shrink the earlier layer',
      files: { Dockerfile: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nRUN rm -rf /var/lib/apt/lists/*\n' },
      findings: [{ file: 'Dockerfile', line: 2, column: 1, message: /without `rm -rf \/var\/lib\/apt\/lists\/\*` in the same RUN$/ }],
    },
  ],
});
