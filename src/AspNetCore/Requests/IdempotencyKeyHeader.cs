using Interlude.Client;
using Interlude.Graph.Runtime;

namespace Interlude.AspNetCore;

/// <summary>The <c>Idempotency-Key</c> header every command endpoint reads the same way.</summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>The request's key (null: it sent none), or the problem with it: several, or not a valid key.</summary>
    public static (string? Key, IResult? Problem) Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0)
        {
            return (null, null);
        }

        return values.Count == 1 && IdempotencyKeys.IsValid(values[0])
            ? (values[0], null)
            : (null, Problems.For(RejectionReasons.Malformed, $"'{Name}' must be one value of 1 to {IdempotencyKeys.MaxLength} printable ASCII characters."));
    }
}
