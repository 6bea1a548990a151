import type { ElfFacts, GoBuildInfo, ScriptFacts } from '../../model/image.js';
import {
  cString,
  elfType,
  ELF_MAGIC,
  fileOffset,
  goarchOf,
  isPie,
  parseDynamic,
  parseElfHeader,
  parseProgramHeaders,
  PF_W,
  PF_X,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  type DynamicInfo,
  type ElfHeader,
  type ProgramHeader,
} from './elf.js';
import { FactError } from './errors.js';
import { blobLength, BUILDINFO_MAGIC, parseBuildInfoBlob } from './go-buildinfo.js';

/*
 * What the reader keeps of a file streaming by, at most (everything else is looked at once and
 * dropped), so a 100 MB binary costs ~6.2 MiB:
 * - HEAD_LIMIT of the start: ELF + program headers, PT_INTERP, and (for gcc-linked binaries)
 *   .dynstr, or a script's #! line;
 * - while PT_DYNAMIC is still ahead, the last WINDOW_LIMIT bytes: Go's internal linker puts
 *   .dynstr at the end of the read-only data, just before the writable segment holding
 *   .dynamic, so the strings DT_NEEDED points at have already streamed by when it is read;
 * - the PT_DYNAMIC bytes (≤ RANGE_LIMIT) and the string table (≤ RANGE_LIMIT);
 * - the Go build info blob, from its magic (≤ RANGE_LIMIT); the magic itself is searched in
 *   every writable, non-executable PT_LOAD without keeping it (debug/buildinfo's fallback when
 *   there are no section headers, which sit at the end of the file).
 */
const HEAD_LIMIT = 64 * 1024;
const WINDOW_LIMIT = 4 * 1024 * 1024;
const RANGE_LIMIT = 1024 * 1024;
/** Linux reads this much of a script for its #! line (BINPRM_BUF_SIZE since 5.1). */
const SHEBANG_LIMIT = 256;

export interface BinaryFacts {
  format: 'elf' | 'script' | 'unknown';
  elf?: ElfFacts;
  script?: ScriptFacts;
  goBuildInfo?: GoBuildInfo;
  /** Parts that could not be read (corrupt or truncated ELF, build info, …). */
  errors: FactError[];
}

/** A byte range of the file wanted in full; filled in file order. */
interface Wanted {
  start: number;
  end: number;
  buf: Buffer;
  filled: number;
  then: (buf: Buffer) => void;
}

interface Segment {
  start: number;
  end: number;
  vaddr: number;
}

/** Reads ELF facts and Go build info from a file's bytes in one forward pass. */
export class BinaryScanner {
  private pos = 0;
  private head: Buffer[] = [];
  private headLen = 0;
  private header: ElfHeader | undefined;
  private phdrs: ProgramHeader[] | undefined;
  private wanted: Wanted[] = [];
  private window: Buffer[] | undefined;
  private windowLen = 0;
  /** File offsets of the piece being fed: [pieceStart, fedTo). */
  private pieceStart = 0;
  private fedTo = 0;
  private hasDynamic = false;
  private buildInfoSettled = false;
  private segments: Segment[] = [];
  private carry = Buffer.alloc(0);
  private capture: { start: number; chunks: Buffer[]; len: number } | undefined;
  private interpreter: string | undefined;
  private dynamic: DynamicInfo | undefined;
  private needed: string[] | undefined;
  private neededError: string | undefined;
  private buildInfo: GoBuildInfo | undefined;
  private readonly errors: FactError[] = [];
  private format: BinaryFacts['format'] | undefined;
  private script: ScriptFacts | undefined;
  private failed = false;

  /** Nothing more of the file is needed. */
  get done(): boolean {
    if (this.failed || this.format === 'unknown' || this.format === 'script') return true;
    if (this.format !== 'elf' || !this.phdrs) return false;
    return this.wanted.length === 0 && this.capture === undefined && (this.buildInfoSettled || this.segments.length === 0);
  }

  push(chunk: Buffer): void {
    if (this.done) return;
    const start = this.pos;
    this.pos += chunk.length;
    try {
      if (!this.phdrs) {
        const take = chunk.subarray(0, Math.max(0, HEAD_LIMIT - this.headLen));
        this.head.push(take);
        this.headLen += take.length;
        if (!this.start()) return;
        // The header parsed just now: run what came so far through the range readers.
        const head = Buffer.concat(this.head);
        this.head = [head];
        this.feed(head, 0);
        if (take.length < chunk.length) this.feed(chunk.subarray(take.length), start + take.length);
        return;
      }
      this.feed(chunk, start);
    } catch (err) {
      this.fail(err);
    }
  }

  /** The end of the file: whatever is still missing is an error. */
  finish(): BinaryFacts {
    try {
      if (!this.phdrs && !this.failed && (this.format === undefined || this.format === 'elf')) this.start(true);
      if (this.format === 'elf' && !this.failed) {
        if (this.wanted.length > 0) throw new FactError('elf-corrupt', `file ends at ${this.pos} bytes, before offset ${this.wanted[0]!.end} its program headers point to`);
        if (this.capture) this.settleBuildInfo(() => this.finishCapture(true));
      }
    } catch (err) {
      this.fail(err);
    }
    return this.result();
  }

  /** Decides the format from the head; true once the program headers are known. */
  private start(atEnd = false): boolean {
    const head = Buffer.concat(this.head);
    this.head = [head];
    if (this.format === undefined) {
      if (head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC)) this.format = 'elf';
      else if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) return this.startScript(head, atEnd);
      else if (head.length >= 4 || atEnd) {
        this.format = 'unknown';
        this.errors.push(new FactError('not-elf', `not an ELF binary nor a #! script (starts with ${head.subarray(0, 4).toString('hex') || 'nothing: empty file'})`));
        return false;
      } else return false;
    }
    if (!this.header) {
      const need = head[4] === 1 ? 52 : 64;
      if (head.length < need) {
        if (atEnd) throw new FactError('elf-corrupt', `ELF header truncated: ${head.length} bytes`);
        return false;
      }
      this.header = parseElfHeader(head);
    }
    const h = this.header;
    const end = h.phoff + h.phnum * h.phentsize;
    if (h.phnum === 0 || end > HEAD_LIMIT) throw new FactError('elf-corrupt', h.phnum === 0 ? 'no program headers' : `program headers end at ${end}, past the first ${HEAD_LIMIT} bytes`);
    if (head.length < end) {
      if (atEnd) throw new FactError('elf-corrupt', `file ends at ${head.length} bytes, inside the program headers`);
      return false;
    }
    this.phdrs = parseProgramHeaders(head.subarray(h.phoff, end), h);
    this.plan(this.phdrs);
    return true;
  }

  private startScript(head: Buffer, atEnd: boolean): boolean {
    const nl = head.indexOf(0x0a);
    if (nl < 0 && head.length < SHEBANG_LIMIT && !atEnd) return false;
    this.format = 'script';
    const line = head.toString('latin1', 2, nl < 0 ? Math.min(head.length, SHEBANG_LIMIT) : nl);
    // The kernel splits once: the interpreter, then the rest as one argument (a CR stays part of the text).
    const m = /^[ \t]*([^ \t]*)[ \t]*(.*?)[ \t]*$/.exec(line)!;
    this.script = { interpreter: m[1] ?? '', ...(m[2] ? { argument: m[2] } : {}) };
    return false;
  }

  /** Which ranges to read, from the program headers. */
  private plan(phdrs: ProgramHeader[]): void {
    const h = this.header!;
    const interp = phdrs.find((p) => p.type === PT_INTERP);
    if (interp) {
      this.want(interp.offset, Math.min(interp.filesz, 4096), (b) => {
        this.interpreter = cString(b, 0);
      });
    }
    const dyn = phdrs.find((p) => p.type === PT_DYNAMIC);
    if (dyn) {
      this.hasDynamic = true;
      if (dyn.filesz > RANGE_LIMIT) throw new FactError('too-large', `dynamic section of ${dyn.filesz} bytes`);
      this.window = [];
      this.want(dyn.offset, dyn.filesz, (b) => this.onDynamic(parseDynamic(b, h)));
    }
    this.segments = phdrs
      .filter((p) => p.type === PT_LOAD && (p.flags & PF_W) !== 0 && (p.flags & PF_X) === 0 && p.filesz > 0)
      .map((p) => ({ start: p.offset, end: p.offset + p.filesz, vaddr: p.vaddr }))
      .sort((a, b) => a.start - b.start);
  }

  private onDynamic(dyn: DynamicInfo): void {
    this.dynamic = dyn;
    const window = this.window;
    this.window = undefined;
    if (dyn.needed.length === 0) {
      this.needed = [];
      return;
    }
    const off = dyn.strtab === undefined ? undefined : fileOffset(this.phdrs!, dyn.strtab);
    if (off === undefined || dyn.strsz === undefined) {
      this.neededError = 'DT_STRTAB/DT_STRSZ missing or outside the loaded segments';
      return;
    }
    if (dyn.strsz > RANGE_LIMIT) {
      this.neededError = `string table of ${dyn.strsz} bytes is over the ${RANGE_LIMIT}-byte limit`;
      return;
    }
    const names = (b: Buffer): void => {
      this.needed = dyn.needed.map((at) => cString(b, at));
    };
    const retained = this.retained(off, off + dyn.strsz, window);
    if (retained) names(retained);
    else if (off >= this.pieceStart) this.want(off, dyn.strsz, names);
    else this.neededError = `string table at offset ${off} streamed by before the dynamic section and is outside the ${WINDOW_LIMIT}-byte window kept`;
  }

  /** Bytes [start, end) if the head, the window or the chunk being read holds all of them. */
  private retained(start: number, end: number, window: Buffer[] | undefined, chunk?: { buf: Buffer; start: number }): Buffer | undefined {
    const head = this.head[0];
    if (head && end <= head.length) return head.subarray(start, end);
    if (chunk && start >= chunk.start && end <= chunk.start + chunk.buf.length) return chunk.buf.subarray(start - chunk.start, end - chunk.start);
    if (window) {
      const winStart = this.fedTo - this.windowLen;
      if (start >= winStart && end <= this.fedTo) return Buffer.concat(window).subarray(start - winStart, end - winStart);
    }
    return undefined;
  }

  private want(start: number, length: number, then: (buf: Buffer) => void): void {
    this.wanted.push({ start, end: start + length, buf: Buffer.alloc(length), filled: 0, then });
  }

  /** Runs one piece of the file (at file offset `start`) through every reader. */
  private feed(buf: Buffer, start: number): void {
    const end = start + buf.length;
    this.pieceStart = start;
    this.fedTo = end;
    if (this.window) {
      this.window.push(buf);
      this.windowLen += buf.length;
      while (this.window.length > 1 && this.windowLen - this.window[0]!.length >= WINDOW_LIMIT) this.windowLen -= this.window.shift()!.length;
    }
    // Ranges can add ranges (dynamic → strings): loop until nothing completes.
    for (let progress = true; progress; ) {
      progress = false;
      for (const w of [...this.wanted]) {
        const from = w.start + w.filled;
        if (from < start) {
          // Began before this piece: only the head or window can still have it.
          const got = w.filled === 0 ? this.retained(w.start, Math.min(w.end, end), this.window, { buf, start }) : undefined;
          if (!got) throw new FactError('elf-corrupt', `offset ${from} wanted after it streamed by`);
          got.copy(w.buf, 0);
          w.filled = got.length;
        }
        const at = w.start + w.filled;
        if (at >= start && at < end && w.filled < w.buf.length) {
          const n = Math.min(w.end, end) - at;
          buf.copy(w.buf, w.filled, at - start, at - start + n);
          w.filled += n;
        }
        if (w.filled === w.buf.length) {
          this.wanted.splice(this.wanted.indexOf(w), 1);
          w.then(w.buf);
          progress = true;
        }
      }
    }
    if (!this.buildInfoSettled) this.settleBuildInfo(() => this.scanBuildInfo(buf, start));
  }

  /** A broken build info blob is reported, and the rest of the ELF reading goes on. */
  private settleBuildInfo(step: () => void): void {
    try {
      step();
    } catch (err) {
      this.buildInfoSettled = true;
      this.capture = undefined;
      this.segments = [];
      this.errors.push(err instanceof FactError ? err : new FactError('buildinfo-corrupt', String(err)));
    }
  }

  /** Looks for the aligned build info magic in the writable segments, then captures the blob. */
  private scanBuildInfo(buf: Buffer, start: number): void {
    const end = start + buf.length;
    if (this.capture) {
      this.appendCapture(buf.subarray(Math.max(0, this.capture.start + this.capture.len - start)));
      return;
    }
    if (this.buildInfo) return;
    while (this.segments.length > 0 && this.segments[0]!.end <= start) {
      this.segments.shift();
      this.carry = Buffer.alloc(0);
    }
    const seg = this.segments[0];
    if (!seg || seg.start >= end) return;
    const from = Math.max(seg.start, start);
    const to = Math.min(seg.end, end);
    // The carry (last bytes of the segment's previous piece) lets a magic straddle two pieces.
    const region = Buffer.concat([this.carry, buf.subarray(from - start, to - start)]);
    const regionStart = from - this.carry.length;
    for (let i = region.indexOf(BUILDINFO_MAGIC); i >= 0; i = region.indexOf(BUILDINFO_MAGIC, i + 1)) {
      const off = regionStart + i;
      if ((seg.vaddr + (off - seg.start)) % 16 !== 0) continue;
      this.capture = { start: off, chunks: [], len: 0 };
      this.appendCapture(region.subarray(i));
      if (this.capture && to < end) this.appendCapture(buf.subarray(to - start));
      return;
    }
    this.carry = Buffer.from(region.subarray(Math.max(0, region.length - (BUILDINFO_MAGIC.length - 1))));
    if (to === seg.end) {
      this.segments.shift();
      this.carry = Buffer.alloc(0);
      if (to < end) this.scanBuildInfo(buf.subarray(to - start), to);
    }
  }

  private appendCapture(piece: Buffer): void {
    const c = this.capture!;
    if (piece.length > 0) {
      c.chunks.push(Buffer.from(piece));
      c.len += piece.length;
    }
    this.finishCapture(false);
  }

  private finishCapture(atEnd: boolean): void {
    const c = this.capture!;
    const blob = Buffer.concat(c.chunks);
    c.chunks = [blob];
    const need = blobLength(blob);
    if (need !== undefined && need > RANGE_LIMIT) throw new FactError('too-large', `Go build info of ${need} bytes`);
    if (need !== undefined && blob.length >= need) {
      this.capture = undefined;
      this.buildInfoSettled = true;
      this.buildInfo = parseBuildInfoBlob(blob.subarray(0, need));
      return;
    }
    if (blob.length > RANGE_LIMIT || atEnd) {
      this.capture = undefined;
      throw new FactError('buildinfo-corrupt', `Go build info at offset ${c.start} is cut off`);
    }
  }

  private fail(err: unknown): void {
    this.failed = true;
    this.wanted = [];
    this.capture = undefined;
    this.window = undefined;
    this.errors.push(err instanceof FactError ? err : new FactError('elf-corrupt', err instanceof Error ? err.message : String(err)));
  }

  private result(): BinaryFacts {
    const format = this.format ?? 'unknown';
    if (format === 'script') return { format, ...(this.script ? { script: this.script } : {}), errors: this.errors };
    if (format !== 'elf' || !this.header) return { format, errors: this.errors };
    const h = this.header;
    const elf: ElfFacts = {
      class: h.class,
      endianness: h.little ? 'little' : 'big',
      machine: h.machine,
      ...(goarchOf(h) ? { goarch: goarchOf(h) } : {}),
      type: elfType(h.type),
      ...(this.interpreter !== undefined ? { interpreter: this.interpreter } : {}),
      linkage: this.interpreter !== undefined ? 'dynamic' : 'static',
      ...(this.needed ? { needed: this.needed } : this.hasDynamic ? {} : { needed: [] }),
      ...(this.neededError ? { neededError: this.neededError } : {}),
      pie: isPie(h, this.dynamic, this.interpreter !== undefined),
    };
    return { format, elf, ...(this.buildInfo ? { goBuildInfo: this.buildInfo } : {}), errors: this.errors };
  }
}
