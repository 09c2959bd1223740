#!/usr/bin/env python3
"""gen-devkit.py DIR: the dev-kit scenario of issue 12, deterministic (fixed seed, authors, dates).

A 5,000-file web-app-shaped repository (branch `base`), a freelancer's branch `work` with 7
patches above it (5 dev-kit files, then 2 issue fixes editing app files) and `upstream-new`:
`base` + 31 upstream commits editing 1-3 app files each (two of them files an issue patch
edits, at a place the patch does not touch, so those patches re-apply by a clean 3-way merge).
Written with one `git fast-import`; DIR must not exist.
"""
import os, random, subprocess, sys

FILES, UPSTREAM = 5000, 31
rng = random.Random(12)
dest = sys.argv[1]
subprocess.run(["git", "init", "-q", "-b", "base", dest], check=True)

def body(path, n):
    return "".join(f"# {path} line {i}: {rng.choice(['alpha', 'beta', 'gamma', 'delta'])} {rng.randrange(10**6)}\n" for i in range(1, n + 1))

tree = {}
for i in range(FILES):
    d = f"app/mod{i // 100:02d}/sub{(i // 20) % 5}"
    path = f"{d}/file{i:04d}.py"
    tree[path] = body(path, rng.randrange(20, 60))
paths = sorted(tree)

out, mark, when = [], [0], [1_700_000_000]
def blob(data):
    mark[0] += 1
    b = data.encode()
    out.append(f"blob\nmark :{mark[0]}\ndata {len(b)}\n".encode() + b + b"\n")
    return mark[0]

def commit(branch, msg, changes, parent=None, who="Ada Tester <ada@example.com>"):
    marks = {p: (blob(c) if c is not None else None) for p, c in changes.items()}
    mark[0] += 1
    when[0] += 60
    m = msg.encode()
    lines = [f"commit refs/heads/{branch}", f"mark :{mark[0]}",
             f"author {who} {when[0]} +0000", f"committer {who} {when[0]} +0000", f"data {len(m)}"]
    head = "\n".join(lines).encode() + b"\n" + m + b"\n"
    if parent: head += f"from :{parent}\n".encode()
    ops = "".join(f"M 100644 :{k} {p}\n" if k is not None else f"D {p}\n" for p, k in marks.items())
    out.append(head + ops.encode() + b"\n")
    return mark[0]

def edit(text, at, line):
    lines = text.splitlines(keepends=True)
    lines.insert(min(at, len(lines)), line)
    return "".join(lines)

base = commit("base", "Initial import of the app", tree)

kit = {".mise.toml": "[tools]\npython = \"3.13\"\n", ".envrc.sh": "export DATABASE_URL=$(./scripts/get_postgres_url.sh)\n",
       "docker-compose.yml": "services:\n  postgres:\n    image: postgres:16\n", "scripts/get_postgres_url.sh": "#!/bin/sh\necho postgres://localhost/app\n",
       "README.freelancer.md": "1. mise install\n2. docker compose up -d\n"}
issue_files = [paths[1234], paths[3456]]
top = base
for name, content in kit.items():
    top = commit("work", f"kit: add {name}", {name: content}, top)
work_tree = dict(tree)
for n, p in enumerate(issue_files, 1):
    work_tree[p] = edit(work_tree[p], 3, f"# issue {n}: fixed the thing\n")
    top = commit("work", f"Issue {n}: fix {os.path.basename(p)}", {p: work_tree[p]}, top)

up, up_tree = base, dict(tree)
for n in range(UPSTREAM):
    picks = rng.sample(paths, rng.randrange(1, 4))
    if n in (10, 20): picks = [issue_files[n // 10 - 1]]        # upstream edits a file an issue patch edits
    changes = {}
    for p in picks:
        at = len(up_tree[p].splitlines()) if p in issue_files else rng.randrange(5, 15)
        up_tree[p] = edit(up_tree[p], at, f"# upstream change {n}\n")
        changes[p] = up_tree[p]
    up = commit("upstream-new", f"Upstream change {n}", changes, up)

subprocess.run(["git", "-C", dest, "fast-import", "--quiet"], input=b"".join(out), check=True)
subprocess.run(["git", "-C", dest, "checkout", "-q", "work"], check=True)
