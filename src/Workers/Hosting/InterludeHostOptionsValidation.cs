using Microsoft.Extensions.Options;

namespace Interlude.Workers.Hosting;

/// <summary>
/// What <see cref="InterludeHostOptions"/> may hold. <c>serve</c> checks it before building the host, since
/// the transport and role decide what gets registered; the same rules run again on start.
/// </summary>
public sealed class InterludeHostOptionsValidation : IValidateOptions<InterludeHostOptions>
{
    public static readonly string[] Transports = ["InMemory", "RabbitMQ"];

    public static readonly string[] Roles = ["All", "Api", "Worker"];

    public ValidateOptionsResult Validate(string? name, InterludeHostOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its configuration key.</summary>
    public static IReadOnlyList<string> Errors(InterludeHostOptions options)
    {
        var errors = new List<string>();
        if (!Transports.Contains(options.Transport, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Interlude:Transport is '{options.Transport}'; it must be one of {string.Join(", ", Transports)}.");
        }

        if (!Roles.Contains(options.Role, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Interlude:Role is '{options.Role}'; it must be one of {string.Join(", ", Roles)}.");
        }
        else if (!options.IsRabbitMq && !options.IsRole("All"))
        {
            // One in-memory bus cannot be shared: an API without workers (or workers without an API) in one process would just wait.
            errors.Add($"Interlude:Role {options.Role} needs a shared broker: set Interlude:Transport=RabbitMQ, or use Role All with the in-memory transport.");
        }

        if (options.IsRabbitMq)
        {
            var rabbit = options.RabbitMQ;
            if (string.IsNullOrWhiteSpace(rabbit.Host))
            {
                errors.Add("Interlude:RabbitMQ:Host must not be empty.");
            }

            if (rabbit.Port is < 1 or > 65535)
            {
                errors.Add($"Interlude:RabbitMQ:Port is {rabbit.Port}; it must be between 1 and 65535.");
            }

            if (string.IsNullOrEmpty(rabbit.Username))
            {
                errors.Add("Interlude:RabbitMQ:Username must not be empty.");
            }

            if (string.IsNullOrEmpty(rabbit.VirtualHost))
            {
                errors.Add("Interlude:RabbitMQ:VirtualHost must not be empty (the default virtual host is '/').");
            }

            if (rabbit.PrefetchCount is < 1 or > ushort.MaxValue)
            {
                errors.Add($"Interlude:RabbitMQ:PrefetchCount is {rabbit.PrefetchCount}; it must be between 1 and {ushort.MaxValue}.");
            }

            if (rabbit.Prefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                errors.Add($"Interlude:RabbitMQ:Prefix '{rabbit.Prefix}' may hold only letters, digits, '-', '_' and '.'.");
            }
        }

        errors.AddRange(Auth.HostAuthValidation.Errors(options.Auth));
        return errors;
    }
}

/// <summary>The configuration cannot run; the message names each offending key.</summary>
public sealed class InterludeConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid Interlude configuration:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)));
