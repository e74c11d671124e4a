using System.CommandLine;

namespace Interlude.Workers.Cli.Verbs;

/// <summary><c>pending [--graph G]</c>: <c>GET /interrupts?status=pending</c>.</summary>
internal sealed class PendingVerb : CliVerb
{
    private readonly Option<string> graph = CliOptions.Text("--graph", "G", "Only the interrupts of threads of this graph.");

    public PendingVerb(Option<Uri> url)
        : base("pending", "Prints the open interrupts (the approval inbox), oldest first.", "pending [--graph G]", url) => Options.Add(graph);

    protected override HttpRequestMessage CreateRequest(ParseResult parse) =>
        Get(parse.GetValue(graph) is { } name ? $"/interrupts?status=pending&graph={Uri.EscapeDataString(name)}" : "/interrupts?status=pending");
}
