using Carry.Operations.Layers;
using Carry.Tests.Support;
using static Carry.Tests.Stories.Layers.LayerRepo;

namespace Carry.Tests.Stories.Layers;

/// <summary>
/// The freelancer's story and the fork maintainer's story, end to end, with a bare "upstream"
/// remote and a bare "fork" remote; every published branch is checked with plain git.
/// </summary>
[Trait(CarryProcess.Trait, "story")]
public sealed class DevKitStoryTests
{
    private static readonly (string Path, string Content)[] KitFiles =
    [
        (".mise.toml", "[tools]\npython = \"3.13\"\n\n[env]\n_.source = \"./.envrc.sh\"\n"),
        (".envrc.sh", "export DATABASE_URL=$(./scripts/get_postgres_url.sh)\n"),
        ("docker-compose.yml", "services:\n  postgres:\n    image: postgres:16\n    ports: [\"5432\"]\n    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes:\n  pgdata:\n"),
        ("scripts/get_postgres_url.sh", "#!/bin/sh\nport=$(docker compose port postgres 5432 | cut -d: -f2)\necho postgres://app:app@localhost:$port/app\n"),
        ("README.freelancer.md", "1. install mise\n2. mise install\n3. docker compose up -d\n4. flask db upgrade\n5. flask run\n"),
    ];

    /// <summary>A tiny upstream web app pushed to a bare remote, and a clone with a stack on origin/main.</summary>
    private static TempRepo CloneOfUpstream(string upstream)
    {
        using (var seed = new TempRepo("seed"))
        {
            seed.Write("app.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/users')\ndef users():\n    return []\n");
            seed.Write("config.py", "DATABASE_URL = 'postgres://localhost/app'\nDEBUG = False\n");
            seed.Write(".gitignore", "__pycache__/\n*.pyc\n");
            seed.Write("README.md", "# App\n\nA small web app.\n");
            seed.Write("migrations/001_users.sql", "create table users (id serial primary key, name text);\n");
            seed.Commit("Initial app");
            seed.Git("push", "-q", upstream, "main");
        }
        var clone = new TempRepo("client");
        clone.Git("remote", "add", "origin", upstream);
        clone.Git("fetch", "-q", "origin");
        clone.Git("checkout", "-q", "-B", "main", "--track", "origin/main");
        clone.CarryOk("init", "--base", "origin/main");
        return clone;
    }

    /// <summary>Plain git: the branch's files and every line its commits add, compared with the kit's.</summary>
    private static void AssertHasNoPrivateContent(string gitDir, string branch, string baseCommit)
    {
        var files = TempRepo.GitIn(gitDir, "ls-tree", "-r", "--name-only", branch).Split('\n');
        foreach (var (path, _) in KitFiles) Assert.DoesNotContain(path, files);
        var added = TempRepo.GitIn(gitDir, "diff", baseCommit, branch);
        Assert.DoesNotContain(".envrc", added);
        Assert.DoesNotContain("postgres:16", added);
        Assert.DoesNotContain(".freelancer-notes/", added);
    }

    private static string[] Trailers(string gitDir, string range) =>
        TempRepo.GitIn(gitDir, "log", "--reverse", "--format=%(trailers:key=Carry-Id,valueonly,separator=)", range)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_freelancers_story()
    {
        using var upstream = Bare("upstream");
        using var fork = Bare("fork");
        using var repo = CloneOfUpstream(upstream.Path);
        repo.Git("remote", "add", "fork", fork.Path);
        var baseCommit = repo.Git("rev-parse", "origin/main");

        // The kit: new files, and a small edit of the project's own .gitignore.
        NewPatch(repo, "devkit", "private", KitFiles);
        NewPatch(repo, "devkit-gitignore", "private", (".gitignore", "__pycache__/\n*.pyc\n.freelancer-notes/\n"));
        Invariants.Check(repo);

        // Issue 42 in its own stack, with the kit in place.
        var work = repo.CarryOk("work", "issue-42");
        Assert.Contains("2 private patches applied", work.Out);
        Assert.Equal("issue-42", repo.Git("branch", "--show-current"));
        Assert.True(repo.Exists(".mise.toml"));
        NewPatch(repo, "users-paging", "upstream", ("app.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/users')\ndef users(page=1):\n    return []\n"));
        NewPatch(repo, "users-doc", "upstream", ("README.md", "# App\n\nA small web app.\n\n`GET /users?page=N` pages users.\n"));
        Assert.Equal(["devkit", "devkit-gitignore", "users-paging", "users-doc"], Applied(repo));
        Invariants.Check(repo);
        Assert.Equal(Id(repo, "devkit"), ReadIdIn(repo, "main", "devkit"));

        // Publish issue 42: only its patches, on the bare base, with trailers; pushed to the fork.
        var published = repo.CarryOk("publish", "--push", "fork");
        Assert.Contains("Published 2 patches", published.Out);
        Assert.Equal(baseCommit, TempRepo.GitIn(fork.Path, "merge-base", "publish/issue-42", baseCommit));
        Assert.Equal(2, int.Parse(TempRepo.GitIn(fork.Path, "rev-list", "--count", $"{baseCommit}..publish/issue-42")));
        AssertHasNoPrivateContent(fork.Path, "publish/issue-42", baseCommit);
        Assert.Equal([Id(repo, "users-paging"), Id(repo, "users-doc")], Trailers(fork.Path, $"{baseCommit}..publish/issue-42"));
        Assert.Equal(repo.Git("rev-parse", "publish/issue-42"), TempRepo.GitIn(fork.Path, "rev-parse", "publish/issue-42"));
        repo.CarryOk("propose", "users-paging", "--url", "https://git.client.example/app/-/merge_requests/42");
        repo.CarryOk("propose", "users-doc", "--url", "https://git.client.example/app/-/merge_requests/42");

        // Issue 57 from the main stack; one of its patches leans on the kit's .gitignore line.
        repo.Git("switch", "-q", "main");
        repo.CarryOk("work", "issue-57");
        NewPatch(repo, "debug-flag", "upstream", ("config.py", "DATABASE_URL = 'postgres://localhost/app'\nDEBUG = True\n"));
        NewPatch(repo, "ignore-notes", "upstream", (".gitignore", "__pycache__/\n*.pyc\n.freelancer-notes/\n.coverage\n"));
        var before = Snapshot.Take(repo);
        var refused = repo.CarryFails("publish");
        Assert.Contains("patch 'ignore-notes' needs private patch 'devkit-gitignore' (file .gitignore)", refused.Err);
        Assert.Equal(before, Snapshot.Take(repo));
        Assert.Equal("", repo.Git("branch", "--list", "publish/issue-57"));
        Assert.Contains("never published", repo.CarryFails("publish", "devkit").Err);
        Assert.Contains("never published", repo.CarryFails("publish", "--layer", "private").Err);

        repo.CarryOk("delete", "ignore-notes");
        repo.CarryOk("publish", "--push", "fork");
        AssertHasNoPrivateContent(fork.Path, "publish/issue-57", baseCommit);
        Assert.Equal([Id(repo, "debug-flag")], Trailers(fork.Path, $"{baseCommit}..publish/issue-57"));
        repo.CarryOk("propose", "debug-flag", "--url", "https://git.client.example/app/-/merge_requests/57");

        // Upstream merges issue 42 after review edits (the doc reworded), and moves on.
        using (var maintainer = new TempRepo("maintainer"))
        {
            maintainer.Git("remote", "add", "origin", upstream.Path);
            maintainer.Git("remote", "add", "fork", fork.Path);
            maintainer.Git("fetch", "-q", "origin");
            maintainer.Git("fetch", "-q", "fork");
            maintainer.Git("checkout", "-q", "-B", "main", "origin/main");
            maintainer.Git("cherry-pick", "fork/publish/issue-42~1");
            maintainer.Write("README.md", "# App\n\nA small web app.\n\n`GET /users?page=N` returns one page of users.\n");
            maintainer.Commit("Document paging (reviewed)");
            maintainer.Git("push", "-q", "origin", "main");
        }
        repo.Git("fetch", "-q", "origin");
        var merged = repo.Git("rev-parse", "origin/main");

        // Sync recognises the paging patch by its Carry-Id trailer; the doc patch, reworded in
        // review, conflicts with upstream's wording: the freelancer skips it and confirms it landed.
        repo.Git("switch", "-q", "issue-42");
        var sync = repo.Carry("sync", "--json");
        Assert.Equal(2, sync.Exit); // stopped at a conflict (docs/sync.md, exit codes)
        Assert.Contains("\"how\": \"carry-id\"", sync.Out);
        Assert.Contains("\"patch\": \"users-doc\"", sync.Out);
        repo.CarryOk("sync", "--skip");
        Invariants.Check(repo);
        Assert.Equal("landed", LayerRepo.Series(repo).GetProperty("retired").EnumerateArray().Single().GetProperty("status").GetProperty("kind").GetString());
        Invariants.RunAndCheckUndo(repo, "landed", "users-doc", "--upstream", merged);
        Assert.Equal(["devkit", "devkit-gitignore"], Applied(repo));
        var retired = LayerRepo.Series(repo).GetProperty("retired").EnumerateArray().ToList();
        Assert.Equal(["users-paging", "users-doc"], retired.Select(r => r.GetProperty("name").GetString()));
        Assert.All(retired, r => Assert.Equal("landed", r.GetProperty("status").GetProperty("kind").GetString()));
        Assert.Contains(TempRepo.GitIn(repo.Dir, "log", "-1", "--format=%(trailers:key=Carry-Id,valueonly)", merged + "~1").Trim(), retired.Select(r => r.GetProperty("id").GetString()));

        // Issue 57 is still proposed, in its own stack.
        repo.Git("switch", "-q", "issue-57");
        Assert.Equal("proposed", Status(repo, "debug-flag"));

        // The kit changes in one stack; the others bring the newest kit (sync does it too).
        repo.Write(".envrc.sh", "export DATABASE_URL=$(./scripts/get_postgres_url.sh)\nexport FLASK_DEBUG=1\n");
        repo.Git("add", ".envrc.sh");
        repo.CarryOk("refresh", "-p", "devkit");
        repo.Git("switch", "-q", "issue-42");
        Assert.DoesNotContain("FLASK_DEBUG", repo.Read(".envrc.sh"));
        Invariants.RunAndCheckUndo(repo, "kit", "update");
        Assert.Contains("FLASK_DEBUG", repo.Read(".envrc.sh"));
        Assert.Contains("up to date", repo.CarryOk("kit", "update").Out);
        Invariants.Check(repo);

        // Nothing on the fork carries a private patch.
        foreach (var branch in TempRepo.GitIn(fork.Path, "for-each-ref", "--format=%(refname:short)", "refs/heads").Split('\n'))
            AssertHasNoPrivateContent(fork.Path, branch, baseCommit);
    }

    private static string ReadIdIn(TempRepo repo, string branch, string patch)
    {
        var current = repo.Git("branch", "--show-current");
        repo.Git("switch", "-q", branch);
        try { return Id(repo, patch); }
        finally { repo.Git("switch", "-q", current); }
    }

    [Fact]
    public void The_fork_maintainers_story()
    {
        using var upstream = Bare("upstream");
        using var fork = Bare("fork");
        using var repo = CloneOfUpstream(upstream.Path);
        repo.Git("remote", "add", "fork", fork.Path);
        var baseCommit = repo.Git("rev-parse", "origin/main");

        NewPatch(repo, "local-settings", "private", ("config.local.py", "SECRET = 'dev'\n"));
        NewPatch(repo, "branding", "fork", ("templates/header.html", "<h1>ACME App</h1>\n"));
        NewPatch(repo, "sso-login", "fork", ("auth.py", "def login(): return 'sso'\n"));
        NewPatch(repo, "fix-users-order", "upstream", ("app.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/users')\ndef users():\n    return sorted([])\n"));
        Assert.Equal(["local-settings", "branding", "sso-login", "fix-users-order"], Applied(repo));

        // The fork's branch: fork and upstream layers, never the private one.
        repo.CarryOk("publish", "--layer", "fork", "--layer", "upstream", "--branch", "acme/main", "--push", "fork");
        Assert.Equal(3, int.Parse(TempRepo.GitIn(fork.Path, "rev-list", "--count", $"{baseCommit}..acme/main")));
        var forkFiles = TempRepo.GitIn(fork.Path, "ls-tree", "-r", "--name-only", "acme/main");
        Assert.Contains("templates/header.html", forkFiles);
        Assert.DoesNotContain("config.local.py", forkFiles);

        // The merge request: only the upstream candidate.
        repo.Git("config", "carry.publish.branch", "mr/{branch}");
        repo.CarryOk("publish", "--layer", "upstream", "--push", "fork");
        Assert.Equal("fix-users-order: a change", TempRepo.GitIn(fork.Path, "log", "-1", "--format=%s", "mr/main"));
        Assert.Equal(baseCommit, TempRepo.GitIn(fork.Path, "rev-parse", "mr/main~1"));
        repo.CarryOk("propose", "fix-users-order", "--url", "https://git.upstream.example/app/pull/9");
        Assert.Contains("never proposed", repo.CarryFails("propose", "branding", "--url", "x").Err);
        repo.CarryOk("fork-only", "sso-login", "--reason", "ACME's identity provider only");
        Assert.Equal("fork-only", Status(repo, "sso-login"));

        // Republishing an unchanged series writes the same commits: the push is a no-op.
        var head = repo.Git("rev-parse", "mr/main");
        Assert.Contains("unchanged", repo.CarryOk("publish", "--layer", "upstream", "--push", "fork").Out);
        Assert.Equal(head, TempRepo.GitIn(fork.Path, "rev-parse", "mr/main"));

        // A review edit: the patch changes, the republish replaces the branch (force-with-lease).
        repo.CarryOk("edit", "fix-users-order", "-m", "Sort users by name\n\nReported-by: a customer");
        repo.CarryOk("publish", "--layer", "upstream", "--push", "fork");
        var message = TempRepo.GitIn(fork.Path, "log", "-1", "--format=%B", "mr/main");
        Assert.Equal($"Sort users by name\n\nReported-by: a customer\nCarry-Id: {Id(repo, "fix-users-order")}", message.Trim());
        Assert.Contains("changed since sent", repo.CarryOk("series").Out);

        // Upstream takes it as published; the maintainer confirms the landing.
        TempRepo.GitIn(upstream.Path, "fetch", "-q", fork.Path, "mr/main:refs/heads/main");
        repo.Git("fetch", "-q", "origin");
        Invariants.RunAndCheckUndo(repo, "landed", "fix-users-order", "--upstream", "origin/main");
        Assert.Equal(["local-settings", "branding", "sso-login"], Applied(repo));
        Assert.Equal("landed", LayerRepo.Series(repo).GetProperty("retired")[0].GetProperty("status").GetProperty("kind").GetString());

        // --no-trailer leaves the messages as they are.
        repo.CarryOk("publish", "--layer", "fork", "--branch", "plain", "--no-trailer");
        Assert.Empty(Trailers(repo.Dir, $"{baseCommit}..plain"));
        AssertHasNoPrivateContent(repo.Dir, "plain", baseCommit);
    }
}
