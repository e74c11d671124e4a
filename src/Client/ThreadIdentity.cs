using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Interlude.Client;

/// <summary>Thread ids: 1 to 64 characters of <c>[A-Za-z0-9._:-]</c>, correlated by a name-based UUID (v5).</summary>
public static partial class ThreadIdentity
{
    // A fixed namespace UUID for Interlude thread ids (RFC 9562 name-based ids need one).
    private static readonly Guid Namespace = new("6f2d7c1e-8a4b-4f0e-9d63-2b1a5c7e9f30");

    /// <summary>Whether <paramref name="threadId"/> is a valid thread id (1 to 64 characters of <c>[A-Za-z0-9._:-]</c>).</summary>
    public static bool IsValid(string? threadId) => threadId is not null && ValidPattern().IsMatch(threadId);

    /// <summary>
    /// Whether a new thread may take <paramref name="threadId"/>: 1 to 64 characters of <c>[A-Za-z0-9._:-]</c>
    /// starting with a letter or digit, and nothing after them (no trailing newline). Stricter than
    /// <see cref="IsValid"/>, which keeps threads that older versions created reachable.
    /// </summary>
    public static bool IsValidNew(string? threadId) => threadId is not null && NewPattern().IsMatch(threadId);

    /// <summary>A new random thread id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>The saga correlation id of a thread: UUID v5 of its id.</summary>
    public static Guid ToGuid(string threadId)
    {
        Span<byte> name = stackalloc byte[16 + Encoding.UTF8.GetByteCount(threadId)];
        Namespace.TryWriteBytes(name[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(threadId, name[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // UUID v5 is defined on SHA-1; it names, it does not protect.
        SHA1.HashData(name, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex ValidPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\z")]
    private static partial Regex NewPattern();
}
