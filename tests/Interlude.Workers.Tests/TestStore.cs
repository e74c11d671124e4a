namespace Interlude.Workers.Tests;

/// <summary>
/// One store the scenario suite runs on: what it offers and, for a server the test command may not
/// have, the environment variable that names it (without it, its tests are reported skipped).
/// </summary>
public sealed record TestStore(ThreadStore Store, StoreFeatures Features, string? ServerVariable = null, bool SkippedWithoutServer = false)
{
    /// <summary>Why this store's tests do not run here, or null when they do.</summary>
    public string? SkipReason =>
        SkippedWithoutServer && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServerVariable!))
            ? $"{ServerVariable} is not set: it names the {Store} server these tests run on (a connection string)."
            : null;

    /// <summary>Tests on a server carry <c>Category=Integration</c>, so that <c>--filter "Category!=Integration"</c> runs without one.</summary>
    public bool OnServer => ServerVariable is not null;
}
