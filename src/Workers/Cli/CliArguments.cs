using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Cli;

/// <summary>A verb's positional arguments and <c>--name value</c> (or <c>--name=value</c>) options.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    private CliArguments(List<string> positionals, bool help)
    {
        Positionals = positionals;
        Help = help;
    }

    public IReadOnlyList<string> Positionals { get; }

    public bool Help { get; }

    /// <summary>Parses <paramref name="args"/>, accepting only <paramref name="known"/> options (without the dashes).</summary>
    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> known)
    {
        var positionals = new List<string>();
        var parsed = new CliArguments(positionals, help: false);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return new CliArguments(positionals, help: true);
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
            if (!known.Contains(name))
            {
                throw new CliUsageException($"Unknown option '--{name}'.");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new CliUsageException($"Option '--{name}' needs a value.");
                }

                value = args[++i];
            }

            if (!parsed.options.TryAdd(name, value))
            {
                throw new CliUsageException($"Option '--{name}' is given twice.");
            }
        }

        return parsed;
    }

    public string? this[string option] => options.GetValueOrDefault(option);

    public bool Has(string option) => options.ContainsKey(option);

    /// <summary>An option's value parsed as JSON (<c>null</c> too), or a usage error naming the option.</summary>
    public JsonNode? Json(string option)
    {
        try
        {
            return JsonNode.Parse(options[option]);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"--{option} is not valid JSON (a string needs its quotes: '\"yes\"'): {e.Message}");
        }
    }
}
