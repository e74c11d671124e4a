using System.CommandLine;

namespace Interlude.Workers.Cli;

/// <summary>
/// The client verbs of the executable, talking to a running host over HTTP. Prints the answer as
/// indented JSON. Exit codes: 0 done, 1 refused by the host (its reason and detail on stderr),
/// 2 usage error (nothing sent), 3 host unreachable.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Refused = 1;
    public const int UsageError = 2;
    public const int Unreachable = 3;

    public const string DefaultUrl = "http://127.0.0.1:5080";

    internal const string ExecutableName = "Interlude.Workers";

    // Arguments are taken as given: no @response files, no bundling of one-letter options.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>
    /// Parses <paramref name="verb"/> and its <paramref name="args"/> and runs it; <paramref name="environment"/>
    /// reads variables (the process's own by default). An unknown verb or a bad command line prints the
    /// error and the help on <paramref name="stderr"/> and returns <see cref="UsageError"/>.
    /// </summary>
    public static async Task<int> RunAsync(
        string verb, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var parse = CliVerbs.Root(environment ?? Environment.GetEnvironmentVariable).Parse([verb, .. args], Parsing);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var errors = command is CliVerb ? parse.Errors.Select(e => e.Message) : [$"Unknown verb '{verb}'."];
            await stderr.WriteLineAsync($"{string.Join("\n", errors.Select(e => $"error: {e}"))}\n\n{CliHelp.For(command)}");
            return UsageError;
        }

        var console = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(console, cancellationToken);
    }
}
