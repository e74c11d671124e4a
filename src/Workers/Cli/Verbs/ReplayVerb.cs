using System.CommandLine;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>replay &lt;threadId&gt; --checkpoint ID</c>: <c>POST /threads/{id}/replay</c> <c>{checkpointId}</c>.</summary>
internal sealed class ReplayVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread to fork.");
    private readonly Option<string> checkpoint = CliOptions.Text("--checkpoint", "ID", "The checkpoint to fork from, a checkpointId from 'history'.", required: true);

    public ReplayVerb(Option<Uri> url)
        : base(
            "replay",
            "Forks a thread from one of its checkpoints and prints the fork's snapshot once it pauses or ends.",
            "replay <threadId> --checkpoint ID",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(checkpoint);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse) =>
        Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/replay", new JsonObject { ["checkpointId"] = parse.GetRequiredValue(checkpoint) });
}
