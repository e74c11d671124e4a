using Interlude.Workers.Cli;
using Interlude.Workers.Hosting;

namespace Interlude.Workers;

public static class Program
{
    /// <summary>The executable's help: <c>serve</c>, the client verbs and the configuration keys.</summary>
    public static string Usage => CliHelp.Root;

    /// <summary>
    /// <c>serve</c> (the default, also when the first argument is an option) hands its arguments unchanged to
    /// the host's configuration; any other first argument is a client verb, parsed by <see cref="CliApp"/>.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is [var verb, ..] && verb != "serve" && !verb.StartsWith('-'))
        {
            return await CliApp.RunAsync(verb, args[1..], Console.Out, Console.Error);
        }

        var serve = args is ["serve", .. var rest] ? rest : args;
        if (serve.Contains("--help") || serve.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return CliApp.Ok;
        }

        return await ServeCommand.RunAsync(serve);
    }
}
