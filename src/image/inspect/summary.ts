import type { ImageInspection, InspectedPlatform } from '../../model/image-index.js';
import { formatPlatformName } from '../../model/image-index.js';
import type { PathFact } from '../../model/image.js';

/** The facts of an inspection, as the few lines `kubewhy image` prints above the findings. */
export function formatInspection(i: ImageInspection): string {
  const lines = [`image      ${i.canonical}`];
  if (i.error) return `${[...lines, `error      ${i.error.message}`].join('\n')}\n`;
  lines.push(`digest     ${i.digest ?? 'unknown'}`);
  lines.push(`platforms  ${i.platforms.map(formatPlatformName).join(', ')}${i.multiPlatform ? ' (index)' : ''}`);
  for (const p of i.inspected) lines.push('', ...platformLines(p));
  return `${lines.join('\n')}\n\n`;
}

function platformLines(p: InspectedPlatform): string[] {
  const f = p.facts;
  const read = f.layers.filter((l) => l.read !== 'unread').length;
  const source = p.cached ? 'facts from cache, no layer read' : `read ${read} of ${f.layers.length} layers, ${kib(f.bytesRead)} fetched`;
  const out = [`${formatPlatformName(p.platform)}  ${p.manifestDigest}  (${source})`];
  const u = f.user;
  out.push(`  user        ${u.source === 'default' ? 'root (no User)' : `${u.raw}${u.uid !== undefined ? ` → uid ${u.uid}` : ''} (${u.source})`}`);
  const ep = f.entrypoint;
  if (ep) {
    const file = ep.file.file ? `${ep.file.path} (layer ${ep.file.file.layer + 1}, mode ${ep.file.file.mode.toString(8).padStart(4, '0')}${ep.executable === false ? ', not executable' : ''})` : `${ep.file.path || ep.program || '?'} ${ep.file.state}`;
    out.push(`  entrypoint  ${JSON.stringify(ep.argv)} → ${file}`);
    if (ep.elf) {
      const e = ep.elf;
      const interp = e.interpreter ? `, interpreter ${e.interpreter} ${ep.interpreter?.state ?? 'unknown'}` : '';
      const needed = e.needed && e.needed.length > 0 ? `, needs ${e.needed.join(' ')}` : '';
      out.push(`  elf         ${e.class}-bit ${e.goarch ?? `machine ${e.machine}`} ${e.linkage}${e.pie ? ' PIE' : ''}${interp}${needed}`);
    }
    const b = ep.goBuildInfo;
    if (b) {
      const settings = [b.cgoEnabled !== undefined ? `CGO_ENABLED=${b.cgoEnabled ? 1 : 0}` : '', b.goos && b.goarch ? `${b.goos}/${b.goarch}` : '', b.trimpath ? '-trimpath' : '', b.tags.length > 0 ? `-tags ${b.tags.join(',')}` : '', b.vcs?.revision ? `vcs ${b.vcs.revision.slice(0, 12)}${b.vcs.modified ? '+dirty' : ''}` : '']
        .filter(Boolean)
        .join(' ');
      out.push(`  go          ${b.goVersion ?? 'go'} ${b.main?.path ?? b.path ?? ''} ${settings}`.trimEnd());
      if (b.deps.length > 0) out.push(`  deps        ${b.deps.length}: ${b.deps.slice(0, 5).map((d) => `${d.path}@${d.version}`).join(', ')}${b.deps.length > 5 ? ', …' : ''}`);
    }
  }
  out.push(`  ca bundle   ${f.caBundle.state}${firstPresent(f.caBundle.files)}`);
  out.push(`  zoneinfo    ${f.zoneinfo.state}${f.zoneinfo.dir ? ` (${f.zoneinfo.dir})` : ''}`);
  out.push(`  /bin/sh     ${f.shell.state}`);
  for (const e of f.errors) out.push(`  ! ${e.message}`);
  return out;
}

function firstPresent(files: PathFact[]): string {
  const hit = files.find((f) => f.state === 'present');
  return hit ? ` (${hit.path})` : '';
}

function kib(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
