using System.CommandLine;
using System.CommandLine.Invocation;

namespace Interlude.Workers.Cli;

/// <summary>What <c>--help</c> does: prints <see cref="CliHelp"/>'s text for the verb (or the root) on stdout, whatever else the line holds.</summary>
internal sealed class CliHelpAction : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(CliHelp.For(parseResult.CommandResult.Command));
        return CliApp.Ok;
    }
}
