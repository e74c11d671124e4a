using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Interlude.Workers.Cli;

/// <summary>The help texts: the executable's (<c>Interlude.Workers --help</c>) and each verb's, drawn from the verbs' arguments and options.</summary>
internal static class CliHelp
{
    private const string ExitCodes = "Exit codes: 0 done, 1 refused by the host, 2 usage error, 3 host unreachable.";

    /// <summary>The executable's help: serve, every verb's synopsis, and the configuration keys.</summary>
    public static string Root { get; } = RootText(CliVerbs.Create(_ => null));

    /// <summary>The help of <paramref name="command"/>: a verb's own, else the executable's.</summary>
    public static string For(Command command) => command is CliVerb verb ? Verb(verb) : Root;

    private static string Verb(CliVerb verb)
    {
        var text = new StringBuilder()
            .AppendLine(verb.Description)
            .AppendLine()
            .AppendLine("Usage:")
            .AppendLine($"  {CliApp.ExecutableName} {verb.Usage} [--url URL] [--api-key KEY]")
            .AppendLine();
        if (verb.Arguments.Count > 0)
        {
            AppendRows(text, "Arguments:", verb.Arguments.Select(a => ($"<{a.Name}>", a.Description)));
        }

        var options = verb.Options.Where(o => o is not HelpOption && o != verb.Url && o != verb.ApiKey).Append(verb.Url).Concat(verb.ApiKey is null ? [] : [verb.ApiKey]).Select(o => ($"{o.Name} {o.HelpName}", o.Description));
        AppendRows(text, "Options:", options.Append(("-h, --help", "Show this help.")));
        return text.Append(ExitCodes).ToString();
    }

    private static void AppendRows(StringBuilder text, string title, IEnumerable<(string Name, string? Description)> rows)
    {
        var list = rows.ToList();
        var width = list.Max(r => r.Name.Length) + 2;
        text.AppendLine(title);
        foreach (var (name, description) in list)
        {
            text.AppendLine($"  {name.PadRight(width)}{description}".TrimEnd());
        }

        text.AppendLine();
    }

    private static string RootText(IReadOnlyList<CliVerb> verbs)
    {
        var lines = string.Join("\n", verbs.Select(v => $"  {v.Name,-9}{v.Usage}"));
        return $"""
            Interlude: human-in-the-loop graphs on MassTransit.

            Usage:
              {CliApp.ExecutableName} [serve] [--urls URL] [--Interlude:Api:WaitSeconds N] ...
              {CliApp.ExecutableName} <verb> [arguments] [--url URL]
              {CliApp.ExecutableName} <verb> --help

            Verbs:
              serve    Run the host (the default). Interlude:Role All: HTTP API, approval inbox page at /,
                       thread saga and node workers; Api: HTTP API and page only; Worker: saga and node
                       workers, no HTTP.
            {lines}
            The client verbs talk to a running host (--url, else $INTERLUDE_URL, else {CliApp.DefaultUrl})
            with an API key if it needs one (--api-key, else $INTERLUDE_API_KEY) and print JSON. {ExitCodes}

            Configuration keys (appsettings.json, environment with __, or --Key value):
              Interlude:Transport          InMemory | RabbitMQ
              Interlude:Role               All | Api | Worker (Api and Worker need RabbitMQ)
              Interlude:RabbitMQ:Host      localhost (also :Port 5672, :Username, :Password guest,
                                           :VirtualHost /, :PrefetchCount 16, :Prefix)
              Interlude:Database:Provider  Sqlite | PostgreSQL | SqlServer
              ConnectionStrings:Interlude  Data Source=interlude.db
              Interlude:Api:WaitSeconds    30
              Interlude:Retention:FinishedThreadsDays
                                           unset: keep finished threads (else purge them after N days)
              Interlude:Auth:ApiKeys:NAME:Key (or :KeyHash, SHA-256 hex) and :Roles
                                           reader, starter, approver, operator (header X-Api-Key)
              Interlude:Auth:Jwt:Authority, :Audience, :RoleClaim roles
              Interlude:Auth:AllowAnonymous false (anonymous callers only on loopback without auth)
              --urls                       http://127.0.0.1:5080
            """;
    }
}
