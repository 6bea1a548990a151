import type { Evidence } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { describeBaseImage } from '../../model/base-images.js';
import { packagesInBinary } from '../../model/go-packages.js';
import { shipsPackageOrFiles } from '../../model/runtime-files.js';
import { finalStage, rootFrom } from '../../model/stages.js';

/** The error each lookup returns when /etc/passwd (or /etc/group) is missing, in the pure-Go implementation. */
function failure(call: string): string {
  switch (call) {
    case 'user.Current':
      return 'user: Current requires cgo or $USER set in environment';
    case 'user.Lookup':
      return 'user: unknown user <name>';
    case 'user.LookupId':
      return 'user: unknown userid <uid>';
    default:
      return 'user: unknown group';
  }
}

export default defineRule({
  meta: {
    id: 'os-user-lookup-without-passwd',
    fault: 'A6',
    severity: 'warning',
    title: 'Code looks users up (os/user) in an image without /etc/passwd',
    why:
      'user.Current, user.Lookup and user.LookupId read /etc/passwd (group lookups /etc/group), through libc with cgo ' +
      'or by parsing the file without. scratch has neither file, so the lookup fails at run time — user.Current with ' +
      '"user: Current requires cgo or $USER set in environment" (Kubernetes does not set USER), the others with ' +
      '"user: unknown user" — and code that builds a home or cache path from it breaks. distroless and the ' +
      'distribution images ship a passwd file with root, nonroot (65532) and nobody.',
    fix:
      'Ship the files: COPY --from=build /etc/passwd /etc/group /etc/ (add the runtime user to them first), or use ' +
      'gcr.io/distroless/static-debian12:nonroot, or stop looking the user up (os.Getuid(), os.UserHomeDir()).',
    verify: 'docker create --name u <image> && docker export u | tar -t | grep -x etc/passwd; docker rm u',
    needs: ['dockerfile', 'go'],
    tags: ['runtime', 'users'],
  },
  check({ ws, report }) {
    for (const df of ws.dockerfiles) {
      const final = finalStage(df);
      const builds = ws.links.mainPackageBuildsOf(df);
      if (!final || builds.length === 0) continue;
      const from = rootFrom(df, final);
      const base = from.unresolved ? undefined : describeBaseImage(from.image);
      // Every other known base ships /etc/passwd; scratch ships nothing.
      if (base?.family !== 'scratch') continue;
      if (shipsPackageOrFiles(df, 'shadow', /\/etc\/(passwd|group)\b|\betc\/?(\s|$)/)) continue;
      for (const build of builds) {
        const lookups = packagesInBinary(build.pkg, ws.goPackages).flatMap((p) => p.needs.userLookups);
        const first = lookups[0];
        if (!first) continue;
        const evidence: Evidence[] = [
          ...lookups.map((l) => ({ message: `${l.call}() reads /etc/${l.call.includes('Group') ? 'group' : 'passwd'}`, span: l.span })),
          { message: `${df.file} builds ${build.pkg.dir} into the image`, span: build.ins.span },
        ];
        report({
          message: `${build.pkg.dir} calls ${first.call}() but ${from.image.raw} has no /etc/passwd and the Dockerfile adds none: it fails with "${failure(first.call)}"`,
          at: { span: final.from.imageSpan },
          evidence,
        });
      }
    }
  },
});
