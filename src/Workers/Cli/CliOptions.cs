using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;

namespace Interlude.Workers.Cli;

/// <summary>The arguments and options the client verbs share, each checked while parsing so a bad one is a usage error.</summary>
internal static class CliOptions
{
    /// <summary><c>--url URL</c>: the host, else <c>$INTERLUDE_URL</c>, else <see cref="CliApp.DefaultUrl"/>; http or https only.</summary>
    public static Option<Uri> Url(Func<string, string?> environment) => new("--url")
    {
        HelpName = "URL",
        Description = $"The host to talk to (default: $INTERLUDE_URL, else {CliApp.DefaultUrl}).",
        CustomParser = result => HostUrl(result.Tokens[0].Value, result),
        DefaultValueFactory = result => HostUrl(environment("INTERLUDE_URL") ?? CliApp.DefaultUrl, result),
    };

    /// <summary><c>--api-key KEY</c>: sent as <c>X-Api-Key</c>, else <c>$INTERLUDE_API_KEY</c>; none on a host that allows anonymous callers.</summary>
    public static Option<string> ApiKey(Func<string, string?> environment) => new("--api-key")
    {
        HelpName = "KEY",
        Description = "The API key to send as X-Api-Key (default: $INTERLUDE_API_KEY).",
        DefaultValueFactory = _ => environment("INTERLUDE_API_KEY") ?? string.Empty,
    };

    public static Argument<string> Argument(string name, string description) => new(name) { Description = description };

    public static Option<string> Text(string name, string helpName, string description, bool required = false) =>
        new(name) { HelpName = helpName, Description = description, Required = required };

    /// <summary>An option whose value is any JSON (<c>null</c> too); a value that is not JSON is a usage error with the hint that a string needs its quotes.</summary>
    public static Option<JsonElement> Json(string name, string description) => new(name)
    {
        HelpName = "JSON",
        Description = description,
        CustomParser = result => ParseJson(name, result, objectOf: null),
    };

    /// <summary>An option whose value is a JSON object of <paramref name="objectOf"/> (such as "interrupt id -> answer").</summary>
    public static Option<JsonElement> JsonObject(string name, string objectOf, string description, bool required = false) => new(name)
    {
        HelpName = "JSON",
        Description = description,
        Required = required,
        CustomParser = result => ParseJson(name, result, objectOf),
    };

    /// <summary>A positive number of seconds.</summary>
    public static Option<double> Seconds(string name, string description) => new(name)
    {
        HelpName = "N",
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
            {
                return seconds;
            }

            result.AddError($"{name} must be a positive number of seconds, not '{text}'.");
            return 0;
        },
    };

    /// <summary>An ISO 8601 time; one without an offset is taken as UTC, as the host does.</summary>
    public static Option<DateTimeOffset> Time(string name, string description) => new(name)
    {
        HelpName = "ISO-TIME",
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at.ToUniversalTime();
            }

            result.AddError($"{name} must be an ISO 8601 time, such as 2030-01-01T12:00:00Z, not '{text}'.");
            return default;
        },
    };

    /// <summary>Makes <paramref name="command"/> take exactly one of <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static void RequireExactlyOne(Command command, Option first, Option second, string message) =>
        command.Validators.Add(result =>
        {
            if ((result.GetResult(first) is null) == (result.GetResult(second) is null))
            {
                result.AddError(message);
            }
        });

    private static JsonElement ParseJson(string name, ArgumentResult result, string? objectOf)
    {
        try
        {
            var json = JsonElement.Parse(result.Tokens[0].Value);
            if (objectOf is not null && json.ValueKind != JsonValueKind.Object)
            {
                result.AddError($"{name} must be a JSON object of {objectOf}.");
            }

            return json;
        }
        catch (JsonException e)
        {
            result.AddError($"{name} is not valid JSON (a string needs its quotes: '\"yes\"'): {e.Message}");
            return default;
        }
    }

    private static Uri HostUrl(string url, ArgumentResult result)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{url}' is not an http:// or https:// URL.");
        return new Uri(CliApp.DefaultUrl);
    }
}
