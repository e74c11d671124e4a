using System.CommandLine;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>state &lt;threadId&gt;</c> and <c>history &lt;threadId&gt;</c>: <c>GET /threads/{id}/state</c> or <c>/history</c>.</summary>
internal sealed class ThreadReadVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread to read.");

    private ThreadReadVerb(string name, string description, Option<Uri> url)
        : base(name, description, $"{name} <threadId>", url) => Arguments.Add(threadId);

    public static ThreadReadVerb State(Option<Uri> url) => new("state", "Prints a thread's snapshot.", url);

    public static ThreadReadVerb History(Option<Uri> url) => new("history", "Prints a thread's checkpoints, newest first.", url);

    protected override HttpRequestMessage CreateRequest(ParseResult parse) =>
        Get($"/threads/{Segment(parse.GetRequiredValue(threadId))}/{Name}");
}
