#!/usr/bin/env python3
"""sync-truth.py: truth (without Carry), Carry's sync verdicts, git rebase's and quilt's, on
prepared Debian packages (run-sync-truth.sh prepares them and calls this).

    sync-truth.py --carry CARRY --out PREFIX PKG=DIR=OLD=NEW ...

DIR holds git/ (branch work = the old series on tag base, branch upstream-new = the new tarball),
new-tree/ (the new tarball), old-debian/ and new-debian/ (each revision's debian/patches).
Writes PREFIX.md (tables) and PREFIX.json (every verdict)."""
import argparse, json, os, re, shutil, subprocess, tempfile, time

def run(args, cwd, stdin=None, check=False):
    p = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}: {p.stderr.decode(errors='replace')}")
    return p

def git(cwd, *args, stdin=None, check=True):
    return run(["git", *args], cwd, stdin, check)

def series_names(path):
    names = []
    if not os.path.exists(path):
        return names
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line.split()[0])
    return names

def stem(name):
    return re.sub(r"\.(diff|patch)$", "", os.path.basename(name))

def hunks(diff):
    """The diff split into one patch per hunk (file header + hunk); binary or hunkless file parts whole."""
    out, header, cur = [], [], None
    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            if cur: out.append(b"\n".join(header + cur) + b"\n")
            header, cur = [line], None
        elif cur is None and not line.startswith(b"@@"):
            header.append(line)
        elif line.startswith(b"@@"):
            if cur: out.append(b"\n".join(header + cur) + b"\n")
            cur = [line]
        else:
            cur.append(line)
    if cur: out.append(b"\n".join(header + cur) + b"\n")
    elif header and any(h.startswith((b"GIT binary", b"new file", b"deleted file", b"rename", b"old mode")) for h in header):
        out.append(b"\n".join(header) + b"\n")
    return [h for h in out if h.strip()]

def squeeze(line):
    return re.sub(rb"\s", b"", line)

def hunk_present(wt, hunk):
    """Does upstream hold this hunk's change? git apply -R --check -C1 --ignore-whitespace of the
    hunk; failing that (context edited, whitespace added), each block of the hunk checked alone."""
    if git(wt, "apply", "-R", "--check", "--ignore-whitespace", "-C1", "--recount", "-", stdin=hunk, check=False).returncode == 0:
        return True
    lines = hunk.split(b"\n")
    path = next((l[6:] for l in lines if l.startswith(b"+++ b/")), None) or next((l[6:] for l in lines if l.startswith(b"--- a/")), None)
    target = os.path.join(wt, path.decode(errors="surrogateescape")) if path else None
    if not target or not os.path.isfile(target) or any(l.startswith(b"GIT binary") for l in lines):
        return False
    # Block by block (runs of -/+ lines), whitespace and blank lines aside: every added run is in
    # the file, consecutively; no removed run is left anywhere in it.
    with open(target, "rb") as f:
        text = [l for l in (squeeze(x) for x in f.read().split(b"\n")) if l]
    def has(run):
        return any(text[i:i + len(run)] == run for i in range(len(text) - len(run) + 1))
    blocks, cur, started = [], None, False
    for l in lines:
        if l.startswith(b"@@"): started, cur = True, None; continue
        if not started: continue
        if l[:1] in (b"+", b"-"):
            if cur is None: cur = ([], []); blocks.append(cur)
            (cur[0] if l[:1] == b"+" else cur[1]).append(squeeze(l[1:]))
        else:
            cur = None
    moved = {x for a, _ in blocks for x in a}  # a line the hunk removes here and adds there is moved, not removed
    for added, removed in blocks:
        added, removed = [x for x in added if x], [x for x in removed if x and x not in moved]
        if added and not has(added): return False
        if removed and has(removed): return False
    return True

def truth(pkg_dir, patches, new_names):
    wt = tempfile.mkdtemp(prefix="truth-")
    git(os.path.join(pkg_dir, "git"), "worktree", "add", "-q", "--detach", wt, "upstream-new")
    try:
        rows = {}
        for commit, name in patches:
            diff = git(wt, "diff", "--binary", f"{commit}^", commit).stdout
            if not diff.strip():
                rows[name] = dict(verbatim=False, forward=True, hunks=0, present=0, dropped=stem(name) not in new_names, cls="empty")
                continue
            verbatim = git(wt, "apply", "-R", "--check", "--ignore-whitespace", "-", stdin=diff, check=False).returncode == 0
            forward = git(wt, "apply", "--check", "-", stdin=diff, check=False).returncode == 0
            hs = hunks(diff)
            present = sum(hunk_present(wt, h) for h in hs)
            dropped = stem(name) not in new_names
            if verbatim: cls = "landed verbatim"
            elif hs and present == len(hs): cls = "landed, every hunk"
            elif dropped and not forward and present > 0: cls = "landed edited (dropped, part present)"
            elif dropped and not forward: cls = "dropped, none present"
            elif dropped: cls = "dropped, still applies"
            else: cls = "kept by Debian"
            rows[name] = dict(verbatim=verbatim, forward=forward, hunks=len(hs), present=present, dropped=dropped, cls=cls)
        return rows
    finally:
        git(os.path.join(pkg_dir, "git"), "worktree", "remove", "--force", wt, check=False)
        shutil.rmtree(wt, ignore_errors=True)

def copy_repo(pkg_dir, name):
    dest = os.path.join(pkg_dir, name)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(os.path.join(pkg_dir, "git"), dest, symlinks=True)
    return dest

def run_carry(carry, pkg_dir, patches):
    repo = copy_repo(pkg_dir, "work-carry")
    git(repo, "checkout", "-q", "-f", "work")
    run([carry, "init", "--base", "base"], repo, check=True)
    names = [n for _, n in patches]
    carry_names = [p["name"] for p in json.loads(run([carry, "series", "--json"], repo, check=True).stdout)["patches"]]
    by_carry = dict(zip(carry_names, names))  # carry derives names from subjects, in series order
    stops, at_stop, calls = 0, {}, 0
    start = time.monotonic()
    p = run([carry, "sync", "--onto", "upstream-new", "--json"], repo); calls += 1
    # Exit codes (docs/unattended.md): 2 = stopped at a conflict, 4 = done with probable landings to confirm.
    while p.returncode == 2:
        doc = json.loads(p.stdout)
        stops += 1
        stopped = doc["stopped"]["patch"]
        entry = next(e for e in doc["patches"] if e["name"] == stopped)
        at_stop[stopped] = entry.get("evidence", {}).get("similarity")
        p = run([carry, "sync", "--skip", "--json"], repo); calls += 1
    elapsed = time.monotonic() - start
    if p.returncode not in (0, 4):
        raise SystemExit(f"carry sync failed (exit {p.returncode}): {p.stderr.decode(errors='replace')}")
    report = {e["name"]: e for e in json.loads(p.stdout)["patches"]}
    series = json.loads(run([carry, "series", "--json"], repo, check=True).stdout)["patches"]
    verdicts = {}
    for cname, name in by_carry.items():
        e = report.get(cname)
        outcome = e["outcome"] if e else "kept"
        if outcome == "skipped": verdict = "stopped (probable)" if at_stop.get(cname) else "stopped"
        elif outcome == "probably-landed": verdict = "probable, applied" if e["applied"] else "set aside (probable)"
        else: verdict = outcome
        verdicts[name] = verdict
    order = [by_carry[p["name"]] for p in series if p["name"] in by_carry]
    applied = [n for n, p in zip(order, series) if p["state"] != "unapplied"]
    unapplied = [n for n, p in zip(order, series) if p["state"] == "unapplied"]
    intact = applied == [n for n in names if n in applied] and unapplied == [n for n in names if n in unapplied]
    return dict(verdicts=verdicts, stops=stops, seconds=elapsed, calls=calls, order_intact=intact)

def run_git(pkg_dir, patches):
    repo = copy_repo(pkg_dir, "work-git")
    git(repo, "checkout", "-q", "-f", "work")
    stopped, start, calls = [], time.monotonic(), 1
    p = git(repo, "rebase", "--onto", "upstream-new", "base", "work", check=False)
    while p.returncode != 0:
        head = git(repo, "rev-parse", "-q", "--verify", "REBASE_HEAD", check=False).stdout.decode().strip()
        if not head: raise SystemExit("git rebase failed without a stop: " + p.stderr.decode(errors="replace"))
        stopped.append(head)
        p = git(repo, "rebase", "--skip", check=False); calls += 1
    elapsed = time.monotonic() - start
    kept = set(git(repo, "log", "--format=%s", "upstream-new..work").stdout.decode().splitlines())
    by_commit = {c: n for c, n in patches}
    verdicts = {}
    for commit, name in patches:
        subject = git(repo, "log", "-1", "--format=%s", commit).stdout.decode().strip()
        if commit in stopped: verdicts[name] = "stopped"
        elif subject in kept: verdicts[name] = "applied"
        else: verdicts[name] = "dropped (already upstream / empty)"
    return dict(verdicts=verdicts, stops=len(stopped), seconds=elapsed, calls=calls, order_intact=True)

def run_quilt(pkg_dir, patches):
    wt = os.path.join(pkg_dir, "work-quilt")
    shutil.rmtree(wt, ignore_errors=True)
    shutil.copytree(os.path.join(pkg_dir, "new-tree"), wt, symlinks=True)
    shutil.copytree(os.path.join(pkg_dir, "old-debian", "debian", "patches"), os.path.join(wt, "patches"))
    env = dict(os.environ, QUILT_PATCHES="patches")
    order = series_names(os.path.join(wt, "patches", "series"))
    verdicts, stops, start, calls = {}, 0, time.monotonic(), 0
    while True:
        nxt = subprocess.run(["quilt", "--quiltrc=-", "next"], cwd=wt, capture_output=True, env=env)
        if nxt.returncode != 0: break
        name = nxt.stdout.decode().strip().removeprefix("patches/")
        p = subprocess.run(["quilt", "--quiltrc=-", "push", "-q"], cwd=wt, capture_output=True, env=env); calls += 1
        if p.returncode == 0:
            verdicts[stem(name)] = "applies"
            continue
        stops += 1
        strip = "1"
        reverse = subprocess.run(["patch", "-p" + strip, "-R", "--dry-run", "-s", "-f", "-i", os.path.join("patches", name)], cwd=wt, capture_output=True)
        verdicts[stem(name)] = "reversed (already applied)" if reverse.returncode == 0 else "fails"
        lines = open(os.path.join(wt, "patches", "series")).read().split("\n")
        open(os.path.join(wt, "patches", "series"), "w").write("\n".join(l for l in lines if l.split("#")[0].split()[:1] != [name]))
    elapsed = time.monotonic() - start
    return dict(verdicts={n: verdicts.get(stem(n), "?") for _, n in patches}, stops=stops, seconds=elapsed, calls=calls, order_intact=True)

CARRY_COLUMNS = ["landed", "set aside (probable)", "probable, applied", "stopped (probable)", "stopped", "held", "clean", "merged", "resolved-from-memory", "kept"]
LANDED = ("landed verbatim", "landed, every hunk")
EDITED = ("landed, every hunk", "landed edited (dropped, part present)")

def table(title, rows, verdicts, columns):
    classes = sorted({r["cls"] for r in rows.values()})
    cols = [c for c in columns if any(v == c for v in verdicts.values())] + sorted({v for v in verdicts.values() if v not in columns})
    out = [f"**{title}**", "", "| truth \\ verdict | " + " | ".join(cols) + " | total |", "|---|" + "---:|" * (len(cols) + 1)]
    for cls in classes:
        names = [n for n, r in rows.items() if r["cls"] == cls]
        counts = [sum(verdicts.get(n) == c for n in names) for c in cols]
        out.append(f"| {cls} | " + " | ".join(str(c) if c else "·" for c in counts) + f" | {len(names)} |")
    return out + [""]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--carry", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reuse", action="store_true", help="recompute the truth only; take the tools' verdicts from the last run's JSON")
    ap.add_argument("packages", nargs="+")
    a = ap.parse_args()
    md, everything = [], {}
    for spec in a.packages:
        pkg, pkg_dir, old, new = spec.split("=", 3)
        repo = os.path.join(pkg_dir, "git")
        lines = git(repo, "log", "--reverse", "--format=%H %s", "base..work").stdout.decode().splitlines()
        patches = [tuple(l.split(" ", 1)) for l in lines]
        new_names = {stem(n) for n in series_names(os.path.join(pkg_dir, "new-debian", "debian", "patches", "series"))}
        rows = truth(pkg_dir, patches, new_names)
        if a.reuse and os.path.exists(a.out + ".json") and pkg in (previous := json.load(open(a.out + ".json"))):
            tools = previous[pkg]["tools"]  # truth only: the tools' verdicts of the last run
        else:
            tools = {"carry": run_carry(a.carry, pkg_dir, patches), "git rebase": run_git(pkg_dir, patches), "quilt": run_quilt(pkg_dir, patches)}
        c = tools["carry"]["verdicts"]
        false_landed = [n for n, v in c.items() if v == "landed" and rows[n]["cls"] not in LANDED]
        false_aside = [n for n, v in c.items() if v == "set aside (probable)" and rows[n]["cls"] not in LANDED]
        edited = [n for n, r in rows.items() if r["cls"] in EDITED]
        recognised = [n for n in edited if c[n] in ("landed", "set aside (probable)", "probable, applied", "stopped (probable)")]
        everything[pkg] = dict(old=old, new=new, truth=rows, tools=tools, false_landed=false_landed, false_set_aside=false_aside,
                               edited=edited, edited_recognised=recognised)
        md += [f"### {pkg}: Debian {old} series onto upstream {new.rsplit('-', 1)[0]} ({len(patches)} patches)", ""]
        md += table("Carry (carry sync, --skip at each stop)", rows, c, CARRY_COLUMNS)
        md += table("git rebase (--skip at each stop)", rows, tools["git rebase"]["verdicts"], ["dropped (already upstream / empty)", "stopped", "applied"])
        md += table("quilt push (old series on the new tarball)", rows, tools["quilt"]["verdicts"], ["reversed (already applied)", "fails", "applies"])
        share = f"{len(recognised)}/{len(edited)}" + (f" ({100 * len(recognised) // len(edited)}%)" if edited else "")
        md += [f"- false landed: **{len(false_landed)}** {false_landed or ''}; false set-aside: **{len(false_aside)}** {false_aside or ''}; "
               f"edited landings recognised (probable or landed): **{share}**; Carry's series order intact: **{tools['carry']['order_intact']}**",
               "- stops and time (whole sync with its skips): " + "; ".join(
                   f"{t} {r['stops']} stops, {r['calls']} commands, {r['seconds']:.2f} s" for t, r in tools.items()), ""]
    with open(a.out + ".md", "w") as f: f.write("\n".join(md) + "\n")
    with open(a.out + ".json", "w") as f: json.dump(everything, f, indent=1)

if __name__ == "__main__":
    main()
