using System.CommandLine;
using System.CommandLine.Help;
using Interlude.Workers.Cli.Verbs;

namespace Interlude.Workers.Cli;

/// <summary>The client verbs (DESIGN.md, "Interfaces"), each one call of the HTTP API, under one root command.</summary>
internal static class CliVerbs
{
    /// <summary>The verbs, in the order the help lists them; <paramref name="environment"/> gives <c>--url</c> its default.</summary>
    public static IReadOnlyList<CliVerb> Create(Func<string, string?> environment)
    {
        var url = CliOptions.Url(environment);
        var apiKey = CliOptions.ApiKey(environment);
        CliVerb[] verbs =
        [
            new StartVerb(url),
            new ResumeVerb(url),
            ThreadReadVerb.State(url),
            ThreadReadVerb.History(url),
            new PendingVerb(url),
            new CancelVerb(url),
            new UpdateVerb(url),
            new ReplayVerb(url),
            new ExtendVerb(url),
            new AuditVerb(url),
        ];
        foreach (var verb in verbs)
        {
            verb.SendApiKey(apiKey);
        }

        return verbs;
    }

    /// <summary>The executable as a command whose subcommands are the verbs; <c>-h</c> and <c>--help</c> work on each.</summary>
    public static Command Root(Func<string, string?> environment)
    {
        var root = new Command(CliApp.ExecutableName, "Interlude's client verbs.") { new HelpOption { Action = new CliHelpAction() } };
        foreach (var verb in Create(environment))
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }
}
