import { defineRule } from '../../core/rule.js';
import { finalStage, isGolangImage, rootFrom } from '../../model/stages.js';

export default defineRule({
  meta: {
    id: 'runtime-stage-golang-image',
    fault: 'A6',
    severity: 'warning',
    title: 'The image that ships is a golang toolchain image',
    why:
      'The final stage is what runs in the cluster. A golang base ships the compiler, git, a shell and ~800 MB of ' +
      'packages: slow pulls on every node, a large attack surface, and CVE noise for code you never run.',
    fix:
      'Build in a golang stage and copy only the binary into a small runtime stage, e.g.\n' +
      'FROM golang:1.23 AS build\n…\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n' +
      'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]',
    verify: 'docker build -t app . && docker image ls app  # a static Go service image is usually under 30 MB',
    needs: ['dockerfile'],
    tags: ['image', 'security'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const stage = finalStage(df);
      if (!stage) continue;
      const from = rootFrom(df, stage);
      if (from.unresolved || !isGolangImage(from.image)) continue;
      const direct = from === stage.from;
      report({
        message: direct
          ? `final stage runs on ${from.image.raw}: the Go toolchain ships to production`
          : `final stage builds on a stage based on ${from.image.raw}: the Go toolchain ships to production`,
        at: { span: stage.from.imageSpan },
        evidence: direct ? [] : [{ message: `toolchain base ${from.image.raw}`, span: from.imageSpan }],
      });
    }
  },
});
