using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli;

/// <summary>The client verbs (DESIGN.md, "Interfaces"): each is one call of the HTTP API.</summary>
internal static class CliVerbs
{
    public static readonly IReadOnlyList<CliVerb> All =
    [
        new("start", "Starts a thread of a graph and prints its snapshot once it pauses or ends.",
            "start <graph> [--input JSON] [--thread-id ID]", ["graph"], ["input", "thread-id"], Start),
        new("resume", "Answers a paused thread: --value answers its one open interrupt, --map answers several (interrupt id -> answer).",
            "resume <threadId> (--value JSON | --map JSON) [--by NAME]", ["threadId"], ["value", "map", "by"], Resume),
        new("state", "Prints a thread's snapshot.", "state <threadId>", ["threadId"], [], a => Get($"/threads/{Escape(a.Positionals[0])}/state")),
        new("history", "Prints a thread's checkpoints, newest first.", "history <threadId>", ["threadId"], [], a => Get($"/threads/{Escape(a.Positionals[0])}/history")),
        new("pending", "Prints the open interrupts (the approval inbox), oldest first.", "pending [--graph G]", [], ["graph"], Pending),
    ];

    private static HttpRequestMessage Start(CliArguments args)
    {
        var body = new JsonObject { ["graph"] = args.Positionals[0] };
        if (args.Has("input"))
        {
            body["input"] = args.Json("input");
        }

        if (args["thread-id"] is { } threadId)
        {
            body["threadId"] = threadId;
        }

        return Post("/threads", body);
    }

    private static HttpRequestMessage Resume(CliArguments args)
    {
        if (args.Has("value") == args.Has("map"))
        {
            throw new CliUsageException("Give exactly one of --value JSON (the one open interrupt) or --map JSON (interrupt id -> answer).");
        }

        var body = new JsonObject();
        if (args.Has("value"))
        {
            body["resume"] = args.Json("value");
        }
        else
        {
            body["resumeMap"] = args.Json("map") as JsonObject ?? throw new CliUsageException("--map must be a JSON object of interrupt id -> answer.");
        }

        if (args["by"] is { } by)
        {
            body["by"] = by;
        }

        return Post($"/threads/{Escape(args.Positionals[0])}/resume", body);
    }

    private static HttpRequestMessage Pending(CliArguments args) =>
        Get(args["graph"] is { } graph ? $"/interrupts?status=pending&graph={Uri.EscapeDataString(graph)}" : "/interrupts?status=pending");

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(path, UriKind.Relative));

    private static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, new Uri(path, UriKind.Relative))
    {
        Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
    };

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
