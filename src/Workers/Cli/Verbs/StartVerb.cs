using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>start &lt;graph&gt; [--input JSON] [--thread-id ID]</c>: <c>POST /threads</c>.</summary>
internal sealed class StartVerb : CliVerb
{
    private readonly Argument<string> graph = CliOptions.Argument("graph", "The graph to run (as the host names it, such as approval).");
    private readonly Option<JsonElement> input = CliOptions.Json("--input", "The thread's input, a JSON object of channel -> value.");
    private readonly Option<string> threadId = CliOptions.Text("--thread-id", "ID", "The new thread's id (default: one the host makes).");

    public StartVerb(Option<Uri> url)
        : base("start", "Starts a thread of a graph and prints its snapshot once it pauses or ends.", "start <graph> [--input JSON] [--thread-id ID]", url)
    {
        Arguments.Add(graph);
        Options.Add(input);
        Options.Add(threadId);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = new JsonObject { ["graph"] = parse.GetRequiredValue(graph) };
        if (parse.GetResult(input) is not null)
        {
            body["input"] = Node(parse.GetValue(input));
        }

        SetIfGiven(body, "threadId", parse.GetValue(threadId));
        return Post("/threads", body);
    }
}
