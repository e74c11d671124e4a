using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary>
/// <c>extend &lt;threadId&gt; &lt;interruptId&gt; (--by-seconds N | --until ISO-TIME)</c>:
/// <c>POST /threads/{id}/interrupts/{interruptId}/extend</c> <c>{extendBySeconds | expiresAt}</c>.
/// </summary>
internal sealed class ExtendVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The paused thread.");
    private readonly Argument<string> interruptId = CliOptions.Argument("interruptId", "The open interrupt whose deadline moves (its id from 'state' or 'pending').");
    private readonly Option<double> bySeconds = CliOptions.Seconds("--by-seconds", "Move the deadline this many seconds past its current one.");
    private readonly Option<DateTimeOffset> until = CliOptions.Time("--until", "Move the deadline to this time (UTC unless it has an offset).");

    public ExtendVerb(Option<Uri> url)
        : base(
            "extend",
            "Moves the deadline of a paused thread's open interrupt: later by N seconds, or to a time.",
            "extend <threadId> <interruptId> (--by-seconds N | --until ISO-TIME)",
            url)
    {
        Arguments.Add(threadId);
        Arguments.Add(interruptId);
        Options.Add(bySeconds);
        Options.Add(until);
        CliOptions.RequireExactlyOne(this, bySeconds, until, "Give exactly one of --by-seconds N or --until ISO-TIME.");
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = parse.GetResult(bySeconds) is not null
            ? new JsonObject { ["extendBySeconds"] = parse.GetValue(bySeconds) }
            : new JsonObject { ["expiresAt"] = parse.GetValue(until).ToString("O", CultureInfo.InvariantCulture) };
        return Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/interrupts/{Segment(parse.GetRequiredValue(interruptId))}/extend", body);
    }
}
