import type { GroupEntry, ImageUserFacts, PasswdEntry } from '../../model/image.js';

/** `name:x:uid:gid:gecos:home:shell` lines; malformed lines are skipped, as getpwnam does. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]!.replace(/\r$/, '') });
  }
  return out;
}

/** `name:x:gid:member,member` lines. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/\r$/, '').split(':');
    if (f.length < 4 || !/^\d+$/.test(f[2]!)) continue;
    out.push({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter((m) => m !== '') });
  }
  return out;
}

/** The config `User` split the way runc reads it (`user[:group]`, names or numbers). */
export function splitUser(raw: string): { user: string; group?: string } {
  const [user = '', group] = raw.split(':');
  return group === undefined ? { user } : { user, group };
}

/**
 * The uid/gid the container will run as: a number is taken as is (no passwd entry needed, as
 * in runc); a name needs /etc/passwd (and a group name /etc/group). `passwd`/`group`
 * undefined = that file is not known (absent or unread).
 */
export function resolveUser(raw: string, passwd: PasswdEntry[] | undefined, group: GroupEntry[] | undefined): ImageUserFacts {
  const { user, group: grp } = splitUser(raw.trim());
  const base = { raw, user, ...(grp !== undefined ? { group: grp } : {}), numeric: /^\d+$/.test(user) };
  if (user === '') return { ...base, numeric: false, uid: 0, gid: 0, source: 'default' };
  let uid: number | undefined;
  let gid: number | undefined;
  let source: ImageUserFacts['source'];
  let reason: string | undefined;
  const entry = base.numeric ? passwd?.find((p) => p.uid === Number(user)) : passwd?.find((p) => p.name === user);
  if (base.numeric) {
    uid = Number(user);
    gid = entry?.gid ?? 0;
    source = 'numeric';
  } else if (entry) {
    uid = entry.uid;
    gid = entry.gid;
    source = 'passwd';
  } else {
    source = 'unresolved';
    reason = passwd === undefined ? 'the image has no readable /etc/passwd' : `no user ${user} in /etc/passwd`;
  }
  if (grp !== undefined && grp !== '') {
    if (/^\d+$/.test(grp)) gid = Number(grp);
    else {
      const g = group?.find((e) => e.name === grp);
      if (g) gid = g.gid;
      else {
        gid = undefined;
        reason ??= group === undefined ? 'the image has no readable /etc/group' : `no group ${grp} in /etc/group`;
      }
    }
  }
  return { ...base, ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}), source, ...(reason ? { reason } : {}) };
}
