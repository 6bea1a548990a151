import rule from '../../../src/rules/dockerfile/base-image-latest.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'pinned tags', files: { Dockerfile: 'FROM golang:1.23 AS b\nRUN true\nFROM alpine:3.20\n' } },
    { name: 'scratch and stage references', files: { Dockerfile: 'FROM golang:1.23 AS b\nRUN true\nFROM b AS c\nFROM scratch\nCOPY --from=c /app /app\n' } },
    { name: 'digest without tag', files: { Dockerfile: 'FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5\n' } },
    { name: 'registry port is not a tag', files: { Dockerfile: 'FROM localhost:5000/base:1.0\n' } },
    { name: 'unresolved ARG', files: { Dockerfile: 'ARG BASE\nFROM ${BASE}\n' } },
  ],
  invalid: [
    {
      name: 'explicit latest',
      files: { Dockerfile: 'FROM golang:1.23 AS build\nRUN true\nFROM alpine:latest\nCOPY --from=build /app /app\n' },
      findings: [{ file: 'Dockerfile', line: 3, column: 6, endColumn: 19, message: 'base image alpine:latest uses the mutable :latest tag' }],
    },
    {
      name: 'no tag, private registry with port',
      files: { Dockerfile: 'FROM registry.internal:5000/platform/base\n' },
      findings: [{ file: 'Dockerfile', line: 1, column: 6, message: 'base image registry.internal:5000/platform/base has no tag, so it means :latest' }],
    },
    {
      name: 'ARG default resolves to an untagged image',
      files: { Dockerfile: 'ARG RUNTIME=debian\nFROM golang:1.23 AS b\nRUN true\nFROM ${RUNTIME}\n' },
      findings: [{ file: 'Dockerfile', line: 4, column: 6, message: 'base image debian has no tag, so it means :latest' }],
    },
  ],
});
