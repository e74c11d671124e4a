using Microsoft.Extensions.Options;

namespace Interlude;

/// <summary>Refuses timings that cannot work, naming each configuration key.</summary>
internal sealed class InterludeOptionsValidation : IValidateOptions<InterludeOptions>
{
    public ValidateOptionsResult Validate(string? name, InterludeOptions options)
    {
        var errors = new List<string>();
        if (options.Nodes.Retry.Attempts < 0)
        {
            errors.Add("Interlude:Nodes:Retry:Attempts must be 0 or more.");
        }

        if (options.Nodes.MaxChainSteps < 1)
        {
            errors.Add("Interlude:Nodes:MaxChainSteps must be 1 or more.");
        }

        RequirePositive(errors, "Interlude:Nodes:Retry:Interval", options.Nodes.Retry.Interval, allowZero: true);
        RequirePositive(errors, "Interlude:Database:TaskLease", options.Database.TaskLease);
        RequirePositive(errors, "Interlude:Scheduler:PollInterval", options.Scheduler.PollInterval);
        RequirePositive(errors, "Interlude:Outbox:SweepInterval", options.Outbox.SweepInterval);
        RequirePositive(errors, "Interlude:Outbox:GracePeriod", options.Outbox.GracePeriod, allowZero: true);
        RequirePositive(errors, "Interlude:Outbox:CleanupDelay", options.Outbox.CleanupDelay, allowZero: true);
        RequirePositive(errors, "Interlude:Outbox:InboxRetention", options.Outbox.InboxRetention);
        RequirePositive(errors, "Interlude:Retention:Interval", options.Retention.Interval);
        RequirePositive(errors, "Interlude:Threads:IdempotencyKeyRetention", options.Threads.IdempotencyKeyRetention);
        if (options.Retention.FinishedThreadsDays is { } days && !(days > 0 && days <= 36600))
        {
            errors.Add("Interlude:Retention:FinishedThreadsDays must be more than 0 and at most 36600 (or unset: keep every thread).");
        }

        if (options.Retention.BatchSize is < 1 or > 10000)
        {
            errors.Add("Interlude:Retention:BatchSize must be 1 to 10000.");
        }

        if (options.Database.Schema is { Length: > 0 } schema && !schema.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            errors.Add($"Interlude:Database:Schema '{schema}' may hold only letters, digits and '_'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            errors.Add($"{key} must be {(allowZero ? "zero or more" : "positive")}.");
        }
    }
}
