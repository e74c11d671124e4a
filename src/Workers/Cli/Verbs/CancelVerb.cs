using System.CommandLine;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>cancel &lt;threadId&gt; [--reason TEXT]</c>: <c>POST /threads/{id}/cancel</c> <c>{reason?}</c>.</summary>
internal sealed class CancelVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread to cancel.");
    private readonly Option<string> reason = CliOptions.Text("--reason", "TEXT", "Why; recorded as the thread's cancel reason.");

    public CancelVerb(Option<Uri> url)
        : base(
            "cancel",
            "Cancels a running or paused thread: its open interrupts close and it runs no further (it can still be read, and replayed).",
            "cancel <threadId> [--reason TEXT]",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(reason);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = new JsonObject();
        SetIfGiven(body, "reason", parse.GetValue(reason));
        return Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/cancel", body);
    }
}
