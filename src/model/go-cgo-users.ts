import type { Evidence } from '../core/finding.js';
import type { GoPackage } from './gosrc.js';

/**
 * What in the code makes a cgo-enabled build link against the C library: `import "C"`,
 * cgo-only libraries, and the two standard packages with cgo implementations — net (the
 * resolver, pulled in by net/http and gRPC) unless `-tags netgo`, os/user unless `-tags osusergo`.
 * A cgo-enabled build of code with none of these is still a static binary.
 */
export function cgoUsers(pkgs: readonly GoPackage[], tags: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const p of pkgs) {
    for (const span of p.needs.cgoImports) out.push({ message: `import "C" in ${p.dir}`, span });
    for (const imp of p.needs.cgoPackages) out.push({ message: `${imp.path} wraps a C library`, span: imp.span });
  }
  if (!tags.includes('netgo')) {
    const net = pkgs.flatMap((p) => p.imports).find((i) => i.path === 'net' || i.path.startsWith('net/') || i.path === 'google.golang.org/grpc');
    if (net) out.push({ message: `${net.path} uses the cgo DNS resolver (getaddrinfo from libc)`, span: net.span });
  }
  if (!tags.includes('osusergo')) {
    const user = pkgs.find((p) => p.needs.osUser)?.needs.osUser;
    if (user) out.push({ message: 'os/user looks users up through libc (getpwuid_r)', span: user.span });
  }
  return out;
}
