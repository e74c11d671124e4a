using System.CommandLine;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>audit &lt;threadId&gt; [--page N] [--page-size N]</c>: <c>GET /threads/{id}/audit</c>.</summary>
internal sealed class AuditVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The thread whose audit to print.");
    private readonly Option<int> page = new("--page") { HelpName = "N", Description = "The page, from 1 (default 1).", DefaultValueFactory = _ => 1 };
    private readonly Option<int> pageSize = new("--page-size") { HelpName = "N", Description = "Entries per page, 1 to 1000 (default 100).", DefaultValueFactory = _ => 100 };

    public AuditVerb(Option<Uri> url)
        : base(
            "audit",
            "Prints a thread's audit, oldest first: every accepted start, answer, timeout, reminder, cancel, update, replay and extension, with who and how.",
            "audit <threadId> [--page N] [--page-size N]",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(page);
        Options.Add(pageSize);
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse) =>
        Get($"/threads/{Segment(parse.GetRequiredValue(threadId))}/audit?page={parse.GetValue(page)}&pageSize={parse.GetValue(pageSize)}");
}
