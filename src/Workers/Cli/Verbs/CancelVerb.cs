using System.CommandLine;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>cancel &lt;threadId&gt; [--by NAME] [--reason TEXT]</c>: <c>POST /threads/{id}/cancel</c> <c>{reason?, by?}</c>.</summary>
internal sealed class CancelVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread to cancel.");
    private readonly Option<string> by = CliOptions.Text("--by", "NAME", "Who cancels; recorded as who closed its open interrupts.");
    private readonly Option<string> reason = CliOptions.Text("--reason", "TEXT", "Why; recorded as the thread's cancel reason.");

    public CancelVerb(Option<Uri> url)
        : base(
            "cancel",
            "Cancels a running or paused thread: its open interrupts close and it runs no further (it can still be read, and replayed).",
            "cancel <threadId> [--by NAME] [--reason TEXT]",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(by);
        Options.Add(reason);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = new JsonObject();
        SetIfGiven(body, "reason", parse.GetValue(reason));
        SetIfGiven(body, "by", parse.GetValue(by));
        return Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/cancel", body);
    }
}
