#!/usr/bin/env python3
"""sync-upstream.py REPO — make a synthetic upstream move for the sync benchmark (run-sync.sh).

  sync-upstream.py REPO [--base base] [--series work] [--ref upstream-new]
                        [--other 200] [--same 10] [--seed 1]

Writes branch REF = BASE + OTHER commits that touch only files the series (BASE..SERIES) does not
touch, then SAME commits that each edit one file the series does touch, in a place that merges
cleanly with every patch of the series that touches that file. Deterministic: the same repo, seed
and options give the same commit ids (fixed author, committer and dates; git fast-import).

The OTHER commits (upstream's unrelated work) edit 1-5 existing .c/.h files each (insert, replace
or delete a few lines, anywhere in the file), drawn from a pool of 1,500 files so that some files
change several times, as upstream files do; about 4% also add a new file (upstream-sim/), about 3%
delete an untouched file.

The SAME commits each insert a comment line into a different series-touched file. The place is
checked before it is used: for each patch of the series that touches the file, in order, the
upstream version is 3-way merged (git merge-file, git's own merge code, default context) with the
patch's change, exactly as a rebase does per file; a place is kept only if every merge of the
chain is clean. Candidate places, in order: the end of the file (append), then the middle of the
widest stretches of lines that no patch changes. A file with no clean place is passed over.
"""
import argparse, os, random, subprocess, sys, tempfile

AUTHOR = "Upstream Sim <upstream-sim@example.invalid>"
T0 = 1704067200  # 2024-01-01T00:00:00Z


def git(repo, *args, input=None, check=True):
    r = subprocess.run(["git", "-C", repo, *args], input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if check and r.returncode != 0:
        sys.exit(f"sync-upstream: git {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")
    return r


class Blobs:
    """git cat-file --batch reader: path at commit -> bytes (None if absent)."""
    def __init__(self, repo):
        self.p = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)

    def get(self, rev, path):
        self.p.stdin.write(f"{rev}:{path}\n".encode()); self.p.stdin.flush()
        hdr = self.p.stdout.readline().split()
        if len(hdr) < 3 or hdr[1] != b"blob":
            return None
        n = int(hdr[2]); data = self.p.stdout.read(n); self.p.stdout.read(1)
        return data


def is_text(b):
    return b is not None and b"\0" not in b and b.endswith(b"\n") and len(b) < 2_000_000


def lines_of(b):
    return b.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)


def join(ls):
    return "".join(ls).encode("utf-8", errors="surrogateescape")


def merge_file(ours, base, theirs):
    """git merge-file -p ours base theirs -> (clean, merged bytes)."""
    with tempfile.TemporaryDirectory() as d:
        fs = []
        for n, b in (("ours", ours), ("base", base), ("theirs", theirs)):
            f = os.path.join(d, n); fs.append(f)
            with open(f, "wb") as h:
                h.write(b)
        r = subprocess.run(["git", "merge-file", "-p", *fs], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return r.returncode == 0, r.stdout


def hunk_lines(old, new):
    """0-based line indexes of OLD that a diff OLD->NEW changes (plus the insertion points)."""
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a"), os.path.join(d, "b")
        open(a, "wb").write(old); open(b, "wb").write(new)
        r = subprocess.run(["git", "diff", "--no-index", "-U0", "--no-color", a, b], stdout=subprocess.PIPE)
    out = set()
    for ln in r.stdout.split(b"\n"):
        if ln.startswith(b"@@ "):
            o = ln.split()[1][1:].split(b",")
            s = int(o[0]); n = int(o[1]) if len(o) > 1 else 1
            if n == 0:
                out.add(max(0, s - 1)); out.add(s)  # insertion after line s (1-based)
            else:
                out.update(range(s - 1, s - 1 + n))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--base", default="base")
    ap.add_argument("--series", default="work")
    ap.add_argument("--ref", default="upstream-new")
    ap.add_argument("--other", type=int, default=200)
    ap.add_argument("--same", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    repo, rng = a.repo, random.Random(a.seed)
    base = git(repo, "rev-parse", "--verify", a.base + "^{commit}").stdout.decode().strip()

    entries = []  # (mode, path) of regular files at base
    for rec in git(repo, "ls-tree", "-r", "-z", base).stdout.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode = meta.split()[0].decode()
        if mode in ("100644", "100755"):
            entries.append((mode, path.decode("utf-8", errors="surrogateescape")))
    entries.sort(key=lambda e: e[1])
    modes = dict((p, m) for m, p in entries)
    touched = set(git(repo, "diff", "--name-only", "-z", "--no-renames", base, a.series)
                  .stdout.decode("utf-8", errors="surrogateescape").split("\0")) - {""}
    blobs = Blobs(repo)

    # ---- OTHER: upstream work on files the series does not touch
    untouched = [p for _, p in entries if p not in touched]
    code = [p for p in untouched if p.endswith((".c", ".h"))]
    pool = sorted(rng.sample(code, min(1500, len(code))))
    rest = sorted(set(untouched) - set(pool))
    content = {}
    ops_list = []  # per commit: (message, [("M", path, bytes) | ("D", path)])

    def get(p):
        if p not in content:
            b = blobs.get(base, p)
            content[p] = lines_of(b) if is_text(b) else None
        return content[p]

    deleted = set()
    for i in range(a.other):
        ops = []
        for p in rng.sample(pool, rng.randint(1, 5)):
            ls = get(p)
            if ls is None:
                continue
            for _ in range(rng.randint(1, 3)):
                pos = rng.randint(0, max(0, len(ls) - 1))
                new = [f"/* upstream-sim {i:04d}: {rng.choice(('fix', 'cleanup', 'refactor', 'doc'))} "
                       f"{rng.randrange(1 << 30):08x} */\n" for _ in range(rng.randint(1, 3))]
                k = rng.random()
                if k < 0.5 or len(ls) < 10:
                    ls[pos:pos] = new
                elif k < 0.85:
                    ls[pos:pos + 1] = new
                else:
                    del ls[pos:pos + rng.randint(1, 3)]
            ops.append(("M", p, join(ls)))
        if rng.random() < 0.04:
            body = "".join(f"/* upstream-sim new file {i}, line {j} */\n" for j in range(rng.randint(10, 60)))
            ops.append(("M", f"upstream-sim/new-{i:04d}.c", body.encode()))
        if rng.random() < 0.03 and rest:
            p = rest.pop(rng.randrange(len(rest)))
            deleted.add(p)
            ops.append(("D", p))
        ops_list.append((f"upstream-sim: change {i:04d} (files the series does not touch)\n", ops))

    # ---- SAME: one clean edit each in files the series touches
    # which patches touch each file (oldest first)
    chains = {}
    log = git(repo, "log", "--reverse", "--no-renames", "--format=%x01%H", "--name-only", "-z",
              f"{base}..{a.series}").stdout.decode("utf-8", errors="surrogateescape")
    for rec in log.split("\x01")[1:]:
        c, _, names = rec.partition("\n")
        for name in names.strip("\0\n").split("\0"):
            if name:
                chains.setdefault(name.strip("\n"), []).append(c.strip("\0\n "))
    # half of the edits go to files several patches touch (a chain of 3-way merges), the rest to
    # files one patch touches
    cand = [p for p in sorted(touched) if p in modes]
    rng.shuffle(cand)
    multi = [p for p in cand if len(chains.get(p, ())) >= 2]
    cand = multi[:a.same // 2] + [p for p in cand if p not in set(multi[:a.same // 2])]
    same_done = []
    for p in cand:
        if len(same_done) >= a.same:
            break
        v0 = blobs.get(base, p)
        if not is_text(v0) or not is_text(blobs.get(a.series, p)):
            continue
        chain = chains.get(p, [])
        versions = [v0]
        ok = True
        for c in chain:
            v = blobs.get(c, p)
            if v is None:  # deleted (and re-added) somewhere in the series: skip the file
                ok = False; break
            versions.append(v)
        if not ok or len(versions) < 2:
            continue
        ls0 = lines_of(v0)
        busy = set()
        # lines of v0 any patch changes (later patches' hunks are in their own coordinates; the
        # merge-file chain below is the real check, this only orders the candidates)
        busy |= hunk_lines(v0, versions[-1])
        for x, y in zip(versions, versions[1:]):
            busy |= hunk_lines(x, y)
        gaps, start = [], None
        for j in range(len(ls0) + 1):
            free = j < len(ls0) and j not in busy
            if free and start is None:
                start = j
            elif not free and start is not None:
                gaps.append((j - start, start, j)); start = None
        gaps.sort(key=lambda g: (-g[0], g[1]))
        inside = [(s + e) // 2 for n, s, e in gaps[:5] if n >= 7 and e < len(ls0)]
        # alternate: every other file gets its line inside the file first, the others at the end
        places = inside + [len(ls0)] if len(same_done) % 2 else [len(ls0)] + inside
        n_same = len(same_done)
        line = f"/* upstream-sim {a.other + n_same:04d}: note in a file the series edits */\n"
        if not p.endswith((".c", ".h", ".S", ".cc", ".x", ".sym", ".y")):
            line = "# " + line[3:-4] + "\n"
        for pos in places:
            up = ls0[:pos] + [line] + ls0[pos:]
            u = join(up)
            clean = True
            for x, y in zip(versions, versions[1:]):
                clean, u = merge_file(u, x, y)
                if not clean:
                    break
            if clean:
                where = "appended at the end" if pos == len(ls0) else f"inserted at line {pos + 1} of {len(ls0)}"
                same_done.append((p, pos, len(chain)))
                content[p] = up
                ops_list.append((f"upstream-sim: change {a.other + n_same:04d} in {p} (a file the series edits; "
                                 f"{where}, {len(chain)} patch(es) touch it)\n", [("M", p, join(up))]))
                break
    if len(same_done) < a.same:
        sys.exit(f"sync-upstream: found only {len(same_done)} clean places in series files, want {a.same}")

    # ---- write the commits
    fi = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--done", "--force"], stdin=subprocess.PIPE)
    w = fi.stdin
    ref = f"refs/heads/{a.ref}"
    for n, (msg, ops) in enumerate(ops_list):
        ts = T0 + 3600 * (n + 1)
        w.write(f"commit {ref}\nauthor {AUTHOR} {ts} +0000\ncommitter {AUTHOR} {ts} +0000\n".encode())
        m = msg.encode(); w.write(b"data %d\n%s\n" % (len(m), m))
        if n == 0:
            w.write(f"from {base}\n".encode())
        for op in ops:
            if op[0] == "M":
                _, p, b = op
                w.write(f"M {modes.get(p, '100644')} inline {p}\n".encode())
                w.write(b"data %d\n" % len(b)); w.write(b); w.write(b"\n")
            else:
                w.write(f"D {op[1]}\n".encode())
    w.write(b"done\n"); w.close()
    if fi.wait() != 0:
        sys.exit("sync-upstream: git fast-import failed")
    for p, pos, k in same_done:
        print(f"same-file edit: {p} (line {pos + 1}, {k} patch(es))")
    print(f"{a.ref}: {len(ops_list)} commits on {a.base} ({a.other} on other files, {len(same_done)} on series files, "
          f"{sum(1 for _, o in ops_list for x in o if x[0] == 'D')} deletions)")


if __name__ == "__main__":
    main()
