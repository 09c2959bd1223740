using Carry.Operations.Layers;

namespace Carry.Cli.Demo;

/// <summary>A file of the sample, by its path relative to the repository root.</summary>
internal sealed record SampleFile(string Path, string Content, bool Executable = false);

/// <summary>One patch of the freelancer's development kit: the files it adds, the lines it appends to project files.</summary>
internal sealed record KitPatch(string Name, string Message, string Why, SampleFile[] NewFiles, SampleFile[] Appends);

/// <summary>
/// The contents of the demo's sample: a client's tiny Flask-style web app (what upstream
/// ships), a freelancer's development kit, and the code changes of two issues. Kept apart
/// from the story so the tour reads as a story; realistic but short, because every line
/// ends up on the user's screen or in their temp folder.
/// </summary>
internal static class SampleProject
{
    public const string UpstreamName = "Acme Dev Team";
    public const string UpstreamEmail = "dev@acme.example";
    public const string FreelancerName = "Sam Rivera";
    public const string FreelancerEmail = "sam@rivera.example";

    /// <summary>The first upstream commit: the app itself.</summary>
    public static readonly SampleFile[] App =
    [
        new("app.py", """"
            """Acme sign-up: a tiny Flask app with one users table."""
            import psycopg
            from flask import Flask, jsonify, request

            from config import settings

            app = Flask(__name__)


            def db():
                return psycopg.connect(settings.DATABASE_URL)


            @app.get("/users")
            def list_users():
                with db() as conn:
                    rows = conn.execute("SELECT id, email, name FROM users ORDER BY id").fetchall()
                return jsonify([{"id": r[0], "email": r[1], "name": r[2]} for r in rows])


            @app.post("/users")
            def create_user():
                data = request.get_json()
                with db() as conn:
                    row = conn.execute(
                        "INSERT INTO users (email, name) VALUES (%s, %s) RETURNING id",
                        (data["email"], data["name"]),
                    ).fetchone()
                return jsonify({"id": row[0]}), 201


            if __name__ == "__main__":
                app.run(debug=settings.DEBUG)

            """"),
        new("config/settings.py", """
            import os

            DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost:5432/acme")
            DEBUG = os.environ.get("FLASK_DEBUG") == "1"

            """),
        new("migrations/001_users.sql", """
            CREATE TABLE users (
                id         SERIAL PRIMARY KEY,
                email      TEXT NOT NULL UNIQUE,
                name       TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now()
            );

            """),
        new("requirements.txt", """
            flask==3.1.0
            psycopg[binary]==3.2.3

            """),
        new(".gitignore", """
            __pycache__/
            *.pyc
            .venv/
            .env

            """),
    ];

    /// <summary>The second upstream commit: how the client's team runs it.</summary>
    public static readonly SampleFile Readme = new("README.md", """
        # Acme sign-up

        The sign-up service behind acme.example.

        ## Running locally

            pip install -r requirements.txt
            psql "$DATABASE_URL" -f migrations/001_users.sql
            flask --app app run

        """);

    /// <summary>The development kit, lowest patch first.</summary>
    public static readonly KitPatch[] Kit =
    [
        new("devkit-mise", "Dev kit: pin tool versions with Mise",
            "Pin the tools: Mise installs Python 3.13 and loads the environment from .envrc.sh.",
            [new(".mise.toml", """
                [tools]
                python = "3.13"

                [env]
                _.source = "./.envrc.sh"
                _.python.venv = { path = ".venv", create = true }

                """)],
            []),
        new("devkit-envrc", "Dev kit: environment variables for the app",
            "Export what the app needs, computed rather than hard-coded (.envrc.sh, not .envrc, so direnv users are unaffected).",
            [new(".envrc.sh", """
                # Loaded by Mise (see .mise.toml).
                export DATABASE_URL="$(./scripts/get_postgres_url.sh)"
                export FLASK_DEBUG=1
                if [ -f ./.envrc.local.sh ]; then . ./.envrc.local.sh; fi

                """)],
            []),
        new("devkit-compose", "Dev kit: PostgreSQL in docker compose",
            "Run PostgreSQL in a container with a named volume; no fixed host port, so several projects can run at once.",
            [new("docker-compose.yml", """
                services:
                  postgres:
                    image: postgres:16
                    environment:
                      POSTGRES_USER: acme
                      POSTGRES_PASSWORD: acme
                      POSTGRES_DB: acme
                    ports: ["5432"]
                    volumes:
                      - pgdata:/var/lib/postgresql/data

                volumes:
                  pgdata:

                """)],
            []),
        new("devkit-pg-url", "Dev kit: find the PostgreSQL URL",
            "Ask docker compose which host port it picked, and print the database URL for .envrc.sh.",
            [new("scripts/get_postgres_url.sh", """
                #!/bin/sh
                # Prints the URL of the docker compose PostgreSQL, whatever host port it got.
                set -eu
                port=$(docker compose port postgres 5432 | cut -d: -f2)
                echo "postgresql://acme:acme@localhost:${port}/acme"

                """, Executable: true)],
            []),
        new("devkit-gitignore", "Dev kit: ignore personal local files",
            "A small edit to the project's own .gitignore: personal overrides stay out of git status.",
            [],
            [new(".gitignore", """
                # Dev kit: personal overrides
                .envrc.local.sh
                .mise.local.toml

                """)]),
    ];

    /// <summary>A kit patch written later, after the issue patches; the tour moves it down into the kit.</summary>
    public static readonly KitPatch KitReadme = new("devkit-readme", "Dev kit: step-by-step setup guide",
        "The guided README: the exact steps, for the next mission or a colleague.",
        [new("README.devkit.md", """
            # Working on Acme sign-up with the dev kit

            1. Install Mise (https://mise.jdx.dev), then: `mise trust && mise install`
            2. Start PostgreSQL: `docker compose up -d`
            3. Create the tables: `psql "$DATABASE_URL" -f migrations/001_users.sql`
            4. Run the app: `flask --app app run`

            """)],
        []);

    /// <summary>The kit change made later in the tour, on a patch below the top one.</summary>
    public static readonly (string Path, string Old, string New) PostgresUpgrade =
        ("docker-compose.yml", "image: postgres:16", "image: postgres:17");

    /// <summary>Issue #42: reject malformed e-mail addresses on sign-up.</summary>
    public static string Issue42(string appPy) => appPy
        .ReplaceOnce("import psycopg\n", "import re\n\nimport psycopg\n")
        .ReplaceOnce("app = Flask(__name__)\n", "app = Flask(__name__)\nEMAIL = re.compile(r\"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$\")\n")
        .ReplaceOnce("    data = request.get_json()\n", """
                data = request.get_json()
                if not EMAIL.match(data.get("email", "")):
                    return jsonify({"error": "invalid e-mail address"}), 400

            """);

    /// <summary>Issue #57: page through the users list.</summary>
    public static string Issue57(string appPy) => appPy.ReplaceOnce("""
                with db() as conn:
                    rows = conn.execute("SELECT id, email, name FROM users ORDER BY id").fetchall()

            """, """
                page = max(1, request.args.get("page", 1, type=int))
                with db() as conn:
                    rows = conn.execute(
                        "SELECT id, email, name FROM users ORDER BY id LIMIT 50 OFFSET %s",
                        ((page - 1) * 50,),
                    ).fetchall()

            """);

    /// <summary>Replaces text that must be there exactly once: a silent no-op would make the tour lie.</summary>
    private static string ReplaceOnce(this string text, string old, string replacement)
    {
        old = old.ReplaceLineEndings("\n");
        var at = text.IndexOf(old, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(old, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"sample edit: expected exactly one '{old.Trim()}'");
        return string.Concat(text.AsSpan(0, at), replacement.ReplaceLineEndings("\n"), text.AsSpan(at + old.Length));
    }
}
