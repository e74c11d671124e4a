using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>update &lt;threadId&gt; --values JSON [--as-node NODE]</c>: <c>POST /threads/{id}/state</c> <c>{values, asNode?}</c>.</summary>
internal sealed class UpdateVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread whose state to change.");
    private readonly Option<JsonElement> values = CliOptions.JsonObject("--values", "channel -> value", "The writes, a JSON object of channel -> value.", required: true);
    private readonly Option<string> asNode = CliOptions.Text("--as-node", "NODE", "Count the writes as this node's output; the thread then pauses before its successors.");

    public UpdateVerb(Option<Uri> url)
        : base(
            "update",
            "Writes values into a thread's state as a new checkpoint.",
            "update <threadId> --values JSON [--as-node NODE]",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(values);
        Options.Add(asNode);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = new JsonObject { ["values"] = Node(parse.GetValue(values)) };
        SetIfGiven(body, "asNode", parse.GetValue(asNode));
        return Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/state", body);
    }
}
