using System.Security.Cryptography;
using System.Text;

namespace Interlude.Graph.Runtime;

/// <summary>Deterministic ids: the same task path and call index always give the same id, and threads never share one.</summary>
public static class InterruptIds
{
    /// <summary>The id of the <paramref name="index"/>-th interrupt of the task at <paramref name="path"/>.</summary>
    public static string For(string threadId, IEnumerable<string> path, int index) =>
        Hash($"interrupt\n{threadId}\n{string.Join('|', path)}\n{index}");

    /// <summary>The id of a breakpoint pause at a given revision of the thread.</summary>
    public static string ForBreakpoint(string threadId, long revision) =>
        Hash($"breakpoint\n{threadId}\n{revision}");

    /// <summary>A task id: unique per thread revision and position in the step.</summary>
    public static string ForTask(string threadId, long revision, string node, int position) =>
        Hash($"task\n{threadId}\n{revision}\n{node}\n{position}");

    /// <summary>A checkpoint id: unique per thread revision.</summary>
    public static string ForCheckpoint(string threadId, long revision) =>
        Hash($"checkpoint\n{threadId}\n{revision}");

    private static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
