namespace Carry.Cli.Demo;

/// <summary>
/// The fork tour's sample: hearth, a tiny C web server (what upstream ships, release by
/// release), and the quilt series Acme carries on it, as a packager keeps one next to the
/// upstream tarball. Every patch file is written as quilt writes it: a DEP-3 header, then the
/// diff with <c>a.orig/</c>-style prefixes, stripped with <c>-p1</c>.
/// </summary>
internal static class ForkSample
{
    public const string UpstreamName = "Hearth Developers";
    public const string UpstreamEmail = "dev@hearth.example";
    public const string MaintainerName = "Kim Lee";
    public const string MaintainerEmail = "kim@acme.example";

    public const string Traversal = "fix-path-traversal";
    public const string Defaults = "acme-defaults";
    public const string Banner = "acme-banner";

    /// <summary>hearth 1.0.</summary>
    public static readonly SampleFile[] Release10 =
    [
        new("README.md", """
            # hearth

            A tiny static HTTP server. `make && ./hearth` serves /var/www on port 8080.

            """),
        new("VERSION", "1.0\n"),
        new("Makefile", "hearth: src/*.c src/*.h\n\tcc -O2 -Wall -o hearth src/*.c\n"),
        new("src/config.h", Config10),
        new("src/request.h", """
            struct request {
                char method[16];
                char path[256];
            };

            int parse_request_line(const char *line, struct request *req);
            int path_is_safe(const char *path);

            """),
        new("src/request.c", """
            #include <stdio.h>
            #include <string.h>

            #include "request.h"

            /* Reads "GET /path HTTP/1.1" into the request. */
            int parse_request_line(const char *line, struct request *req)
            {
                char version[16];

                if (sscanf(line, "%15s %255s %15s", req->method, req->path, version) != 3)
                    return -1;
                return strncmp(version, "HTTP/", 5) == 0 ? 0 : -1;
            }

            /* Only absolute paths inside the document root are served. */
            int path_is_safe(const char *path)
            {
                return path[0] == '/';
            }

            """),
    ];

    private const string Config10 = """
        /* hearth: compile-time defaults */
        #ifndef HEARTH_CONFIG_H
        #define HEARTH_CONFIG_H

        #define DEFAULT_PORT 8080
        #define DEFAULT_ROOT "/var/www"
        #define MAX_CLIENTS 64
        #define REQUEST_TIMEOUT 30

        #endif

        """;

    /// <summary>Upstream's commits for 1.1-rc1: Acme's fix, merged as sent, and new defaults on the lines Acme's own patch changes.</summary>
    public static readonly (string Message, SampleFile[] Files)[] Candidate =
    [
        ("request: refuse paths that climb out of the document root (#311)",
            [new("src/request.c", Release10[^1].Content.Replace("    return path[0] == '/';", "    return path[0] == '/' && strstr(path, \"..\") == NULL;"))]),
        ("config: more clients by default, and a keep-alive timeout",
            [new("src/config.h", Config11)]),
    ];

    private static string Config11 => Config10
        .Replace("#define MAX_CLIENTS 64", "#define MAX_CLIENTS 256")
        .Replace("#define REQUEST_TIMEOUT 30", "#define REQUEST_TIMEOUT 30\n#define KEEPALIVE_TIMEOUT 5");

    /// <summary>The release itself: only the version and the news change after the candidate.</summary>
    public static readonly SampleFile[] Release11 =
    [
        new("VERSION", "1.1\n"),
        new("NEWS", """
            1.1
            * Paths with '..' are refused (thanks to Acme, #311).
            * 256 clients by default; idle connections close after 5 s.

            """),
    ];

    /// <summary>Acme's resolution of the conflict on src/config.h: its own values, and upstream's new setting.</summary>
    public static string ResolvedConfig(string _) => Config11
        .Replace("#define MAX_CLIENTS 256", "#define MAX_CLIENTS 1024")
        .Replace("#define REQUEST_TIMEOUT 30", "#define REQUEST_TIMEOUT 120");

    private const string Space = " ";

    /// <summary>Acme's quilt series: the <c>series</c> file and the patches, bottom first.</summary>
    public static readonly SampleFile[] Series =
    [
        new("series", $"""
            # Acme's changes to hearth, applied in this order ('quilt push -a')
            {Traversal}.patch
            {Defaults}.patch
            {Banner}.patch

            """),
        new($"{Traversal}.patch", """
            Description: Refuse paths that climb out of the document root
             "GET /../etc/passwd" was served. Sent upstream as hearth#311.
            Author: Kim Lee <kim@acme.example>
            Forwarded: https://github.com/hearth/hearth/pull/311
            Last-Update: 2025-10-02
            ---
            Index: hearth/src/request.c
            ===================================================================
            --- hearth.orig/src/request.c
            +++ hearth/src/request.c
            @@ -16,5 +16,5 @@ int parse_request_line(const char *line,
             /* Only absolute paths inside the document root are served. */
             int path_is_safe(const char *path)
             {
            -    return path[0] == '/';
            +    return path[0] == '/' && strstr(path, "..") == NULL;
             }

            """),
        // {Space}: a context line of one space, which a raw literal would trim as blank.
        new($"{Defaults}.patch", $"""
            Description: Acme's production defaults
             Acme runs hearth behind a load balancer: many more clients, longer requests.
            Author: Kim Lee <kim@acme.example>
            Forwarded: not-needed
            Last-Update: 2025-10-02
            ---
            Index: hearth/src/config.h
            ===================================================================
            --- hearth.orig/src/config.h
            +++ hearth/src/config.h
            @@ -4,7 +4,7 @@
            {Space}
             #define DEFAULT_PORT 8080
             #define DEFAULT_ROOT "/var/www"
            -#define MAX_CLIENTS 64
            -#define REQUEST_TIMEOUT 30
            +#define MAX_CLIENTS 1024
            +#define REQUEST_TIMEOUT 120
            {Space}
             #endif

            """),
        new($"{Banner}.patch", """
            Description: Say who built this server
            Author: Kim Lee <kim@acme.example>
            Forwarded: not-needed
            Last-Update: 2025-10-02
            ---
            Index: hearth/src/banner.h
            ===================================================================
            --- /dev/null
            +++ hearth/src/banner.h
            @@ -0,0 +1,2 @@
            +/* Shown in the Server: header and on error pages. */
            +#define SERVER_BANNER "hearth (Acme build)"

            """),
    ];
}
