#!/usr/bin/env python3
"""sync-resume-data.py: a git fast-import stream for the resume benchmark (run-sync-resume.sh).

Branch base: FILES files (src/dNN/fNNNN.c, 40 lines each) and stops.txt (400 numbered lines).
Branch upstream-new: UPSTREAM commits on base, each editing one line of a random file, then one
that rewrites lines 10, 20, ... of stops.txt. Branch work: PATCHES patches on base, each editing
its own line of stops.txt (so each stops on upstream-new), every fifth also adding a file of its
own (a patch that applies cleanly before the next stop)."""
import random, sys

FILES, UPSTREAM, PATCHES = (int(a) for a in sys.argv[1:4])
rnd = random.Random(16)
out = sys.stdout.buffer
mark = 0

def blob(text):
    global mark
    mark += 1
    data = text.encode()
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark

def commit(branch, message, files, parent=None, t=[1700000000]):
    global mark
    mark += 1
    t[0] += 60
    who = b"Bench <bench@example.invalid> %d +0000" % t[0]
    msg = message.encode()
    out.write(b"commit refs/heads/%s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n" % (branch.encode(), mark, who, who, len(msg), msg))
    if parent: out.write(b"from :%d\n" % parent)
    for path, m in files: out.write(b"M 100644 :%d %s\n" % (m, path.encode()))
    out.write(b"\n")
    return mark

def numbered(n, edits=None):
    edits = edits or {}
    return "".join(edits.get(i, f"line {i}") + "\n" for i in range(1, n + 1))

paths = [f"src/d{i % 50:02d}/f{i:04d}.c" for i in range(FILES)]
contents = {p: [f"/* {p} line {j} */" for j in range(1, 41)] for p in paths}
base = commit("base", "Upstream base", [(p, blob("\n".join(c) + "\n")) for p, c in contents.items()] + [("stops.txt", blob(numbered(400)))])
top = base
for k in range(UPSTREAM):
    p = rnd.choice(paths)
    contents[p][rnd.randrange(40)] += f" /* upstream {k} */"
    top = commit("upstream-new", f"Upstream change {k}", [(p, blob("\n".join(contents[p]) + "\n"))], top)
commit("upstream-new", "Upstream rewrites the lines the patches change",
       [("stops.txt", blob(numbered(400, {10 * (i + 1): f"line {10 * (i + 1)}, as upstream rewrote it" for i in range(PATCHES)})))], top)
mine, top = {}, base
for i in range(PATCHES):
    mine[10 * (i + 1)] = f"line {10 * (i + 1)}, as patch {i + 1} wants it"
    files = [("stops.txt", blob(numbered(400, mine)))]
    if i % 5 == 4: files.append((f"fork/extra-{i + 1}.txt", blob(f"added by patch {i + 1}\n")))
    top = commit("work", f"Patch {i + 1} changes line {10 * (i + 1)}", files, top)
