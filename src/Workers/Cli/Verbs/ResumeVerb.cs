using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>resume &lt;threadId&gt; (--value JSON | --map JSON)</c>: <c>POST /threads/{id}/resume</c>.</summary>
internal sealed class ResumeVerb : CliVerb
{
    private readonly Argument<string> threadId = CliOptions.Argument("threadId", "The paused thread.");
    private readonly Option<JsonElement> value = CliOptions.Json("--value", "The answer to the thread's one open interrupt (a string needs its quotes: '\"yes\"').");
    private readonly Option<JsonElement> map = CliOptions.JsonObject("--map", "interrupt id -> answer", "Answers to several open interrupts, a JSON object of interrupt id -> answer.");

    public ResumeVerb(Option<Uri> url)
        : base(
            "resume",
            "Answers a paused thread: --value answers its one open interrupt, --map answers several (interrupt id -> answer).",
            "resume <threadId> (--value JSON | --map JSON)",
            url)
    {
        Arguments.Add(threadId);
        Options.Add(value);
        Options.Add(map);
        CliOptions.RequireExactlyOne(this, value, map, "Give exactly one of --value JSON (the one open interrupt) or --map JSON (interrupt id -> answer).");
    }

    protected override HttpRequestMessage CreateRequest(ParseResult parse)
    {
        var body = parse.GetResult(value) is not null
            ? new JsonObject { ["resume"] = Node(parse.GetValue(value)) }
            : new JsonObject { ["resumeMap"] = Node(parse.GetValue(map)) };
        return Post($"/threads/{Segment(parse.GetRequiredValue(threadId))}/resume", body);
    }
}
