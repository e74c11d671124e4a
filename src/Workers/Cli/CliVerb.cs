namespace Interlude.Workers.Cli;

/// <summary>A client verb: its help text, its arguments, and the HTTP call it makes.</summary>
internal sealed record CliVerb(
    string Name,
    string Summary,
    string Usage,
    IReadOnlyList<string> Positionals,
    IReadOnlyList<string> Options,
    Func<CliArguments, HttpRequestMessage> Request)
{
    public string Help => $"""
        {Summary}

        Usage:
          Interlude.Workers {Usage} [--url URL]

        {CliApp.UrlHelp}
        """;
}
