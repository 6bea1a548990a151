import type { ElfFacts } from '../../model/image.js';
import { FactError } from './errors.js';

/** ELF structures, decoded from byte ranges (the streaming reader decides which ranges). */

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PF_X = 1;
export const PF_W = 2;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_FLAGS_1 = 0x6ffffffb;
const DF_1_PIE = 0x08000000;

export interface ElfHeader {
  class: 32 | 64;
  little: boolean;
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface DynamicInfo {
  needed: number[];
  strtab?: number;
  strsz?: number;
  flags1: number;
}

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The e_ident + fixed header; `buf` holds at least the first 64 bytes (52 for ELF32). */
export function parseElfHeader(buf: Buffer): ElfHeader {
  if (buf.length < 52 || !buf.subarray(0, 4).equals(ELF_MAGIC)) throw new FactError('elf-corrupt', 'ELF header truncated');
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) throw new FactError('elf-corrupt', `bad ELF ident: class ${cls}, data ${data}`);
  const little = data === 1;
  const r = reader(buf, little);
  if (cls === 2) {
    if (buf.length < 64) throw new FactError('elf-corrupt', 'ELF header truncated');
    return { class: 64, little, type: r.u16(16), machine: r.u16(18), phoff: r.u64(32), phentsize: r.u16(54), phnum: r.u16(56) };
  }
  return { class: 32, little, type: r.u16(16), machine: r.u16(18), phoff: r.u32(28), phentsize: r.u16(42), phnum: r.u16(44) };
}

/** The program header table; `buf` starts at e_phoff. */
export function parseProgramHeaders(buf: Buffer, h: ElfHeader): ProgramHeader[] {
  const size = h.class === 64 ? 56 : 32;
  if (h.phentsize < size) throw new FactError('elf-corrupt', `program header entry size ${h.phentsize} < ${size}`);
  const r = reader(buf, h.little);
  const out: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const o = i * h.phentsize;
    out.push(
      h.class === 64
        ? { type: r.u32(o), flags: r.u32(o + 4), offset: r.u64(o + 8), vaddr: r.u64(o + 16), filesz: r.u64(o + 32), memsz: r.u64(o + 40) }
        : { type: r.u32(o), offset: r.u32(o + 4), vaddr: r.u32(o + 8), filesz: r.u32(o + 16), memsz: r.u32(o + 20), flags: r.u32(o + 24) },
    );
  }
  return out;
}

/** The dynamic section (`buf` = the PT_DYNAMIC bytes), up to DT_NULL. */
export function parseDynamic(buf: Buffer, h: ElfHeader): DynamicInfo {
  const r = reader(buf, h.little);
  const size = h.class === 64 ? 16 : 8;
  const info: DynamicInfo = { needed: [], flags1: 0 };
  for (let o = 0; o + size <= buf.length; o += size) {
    const tag = h.class === 64 ? r.u64(o) : r.u32(o);
    const val = h.class === 64 ? r.u64(o + 8) : r.u32(o + 4);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) info.needed.push(val);
    else if (tag === DT_STRTAB) info.strtab = val;
    else if (tag === DT_STRSZ) info.strsz = val;
    else if (tag === DT_FLAGS_1) info.flags1 = val;
  }
  return info;
}

/** The file offset holding a virtual address (inside a PT_LOAD's file bytes). */
export function fileOffset(phdrs: ProgramHeader[], vaddr: number): number | undefined {
  const p = phdrs.find((ph) => ph.type === PT_LOAD && ph.vaddr <= vaddr && vaddr < ph.vaddr + ph.filesz);
  return p ? p.offset + (vaddr - p.vaddr) : undefined;
}

/** A NUL-terminated string at `at`. */
export function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('latin1', at, end < 0 ? buf.length : end);
}

/** e_machine → GOARCH (the big-endian variants share a machine number with their LE twin). */
export function goarchOf(h: ElfHeader): string | undefined {
  switch (h.machine) {
    case 62:
      return 'amd64';
    case 183:
      return 'arm64';
    case 40:
      return 'arm';
    case 3:
      return '386';
    case 21:
      return h.little ? 'ppc64le' : 'ppc64';
    case 22:
      return 's390x';
    case 243:
      return 'riscv64';
    case 258:
      return 'loong64';
    case 8:
      return h.class === 64 ? (h.little ? 'mips64le' : 'mips64') : h.little ? 'mipsle' : 'mips';
    default:
      return undefined;
  }
}

export function elfType(t: number): ElfFacts['type'] {
  return t === 1 ? 'relocatable' : t === 2 ? 'executable' : t === 3 ? 'shared-object' : t === 4 ? 'core' : 'other';
}

export function isPie(h: ElfHeader, dyn: DynamicInfo | undefined, hasInterp: boolean): boolean {
  return ((dyn?.flags1 ?? 0) & DF_1_PIE) !== 0 || (h.type === 3 && hasInterp);
}

function reader(buf: Buffer, little: boolean) {
  const need = (o: number, n: number): void => {
    if (o + n > buf.length) throw new FactError('elf-corrupt', `ELF structure runs past its bytes (offset ${o})`);
  };
  return {
    u16: (o: number): number => (need(o, 2), little ? buf.readUInt16LE(o) : buf.readUInt16BE(o)),
    u32: (o: number): number => (need(o, 4), little ? buf.readUInt32LE(o) : buf.readUInt32BE(o)),
    u64: (o: number): number => {
      need(o, 8);
      const v = little ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
      // Values past 2^53 only come from a corrupt file; clamped, they fall outside every range checked.
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
      return Number(v);
    },
  };
}
