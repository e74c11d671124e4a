namespace Interlude.Graph.Runtime;

/// <summary>
/// The services of a task run that was given no service provider: it has none, so a class node
/// whose constructor takes no service can still be created, and one that needs a service fails clearly.
/// </summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    private EmptyServiceProvider()
    {
    }

    /// <summary>The one instance; it holds nothing, so it is shared by every run.</summary>
    public static EmptyServiceProvider Instance { get; } = new();

    /// <inheritdoc />
    public object? GetService(Type serviceType) => null;
}
