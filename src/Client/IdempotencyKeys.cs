using System.Security.Cryptography;
using System.Text;

namespace Interlude.Client;

/// <summary>
/// Idempotency keys: 1 to 255 printable ASCII characters. A command carrying one is applied at most once;
/// a repeat of it (same key, same content) is answered with its first outcome, and the same key with other
/// content is refused with <c>idempotency-key-reused</c>.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The longest key a command may carry.</summary>
    public const int MaxLength = 255;

    /// <summary>Whether <paramref name="key"/> may be used as an idempotency key.</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// The thread a start with <paramref name="key"/> and no thread id of its own creates: the same for every
    /// retry of it, so a retried start finds the thread the first one created instead of starting another.
    /// </summary>
    public static string ThreadIdOf(string key) =>
        "k-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];
}
