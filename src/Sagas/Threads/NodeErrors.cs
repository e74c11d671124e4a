namespace Interlude.Sagas.Threads;

/// <summary>How a node's exception reads in the thread's error, whether its own message faulted or a chain caught it.</summary>
internal static class NodeErrors
{
    /// <summary>The exception's short type name and message; <paramref name="exceptionType"/> is the full type name.</summary>
    public static string Describe(string exceptionType, string message) =>
        $"{exceptionType[(exceptionType.LastIndexOf('.') + 1)..]}: {message}";
}
