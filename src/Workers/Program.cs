using Interlude.Workers.Cli;
using Interlude.Workers.Hosting;

namespace Interlude.Workers;

public static class Program
{
    public const string Usage = """
        Interlude: human-in-the-loop graphs on MassTransit.

        Usage:
          Interlude.Workers [serve] [--urls URL] [--Interlude:Api:WaitSeconds N] ...
          Interlude.Workers <verb> [arguments] [--url URL]
          Interlude.Workers <verb> --help

        Verbs:
          serve    Run the host (the default). Interlude:Role All: HTTP API, approval inbox page at /,
                   thread saga and node workers; Api: HTTP API and page only; Worker: saga and node
                   workers, no HTTP.
          start    start <graph> [--input JSON] [--thread-id ID]
          resume   resume <threadId> (--value JSON | --map JSON) [--by NAME]
          state    state <threadId>
          history  history <threadId>
          pending  pending [--graph G]
        The client verbs talk to a running host (--url, else $INTERLUDE_URL, else http://127.0.0.1:5080)
        and print JSON. Exit codes: 0 done, 1 refused by the host, 2 usage error, 3 host unreachable.

        Configuration keys (appsettings.json, environment with __, or --Key value):
          Interlude:Transport          InMemory | RabbitMQ
          Interlude:Role               All | Api | Worker (Api and Worker need RabbitMQ)
          Interlude:RabbitMQ:Host      localhost (also :Port 5672, :Username, :Password guest,
                                       :VirtualHost /, :PrefetchCount 16, :Prefix)
          Interlude:Database:Provider  Sqlite | PostgreSQL
          ConnectionStrings:Interlude  Data Source=interlude.db
          Interlude:Api:WaitSeconds    30
          --urls                       http://127.0.0.1:5080
        """;

    public static async Task<int> Main(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (CliApp.IsVerb(verb))
        {
            return await CliApp.RunAsync(verb, rest, Console.Out, Console.Error);
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (verb != "serve")
        {
            await Console.Error.WriteLineAsync($"Unknown verb '{verb}'.\n\n{Usage}");
            return 2;
        }

        return await ServeCommand.RunAsync(rest);
    }
}
