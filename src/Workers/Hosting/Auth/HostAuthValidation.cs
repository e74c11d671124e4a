namespace Interlude.Workers.Hosting.Auth;

/// <summary>What <c>Interlude:Auth</c> may hold; each error names its key.</summary>
internal static class HostAuthValidation
{
    public static IEnumerable<string> Errors(HostAuthOptions auth)
    {
        foreach (var (name, key) in auth.ApiKeys)
        {
            var at = $"Interlude:Auth:ApiKeys:{name}";
            if (string.IsNullOrEmpty(key.Key) == string.IsNullOrEmpty(key.KeyHash))
            {
                yield return $"{at} needs exactly one of :Key (the key) or :KeyHash (its SHA-256 in hex).";
            }
            else if (key.KeyHash is { } hash && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)))
            {
                yield return $"{at}:KeyHash must be a SHA-256 in hex (64 hex digits).";
            }

            if (key.RoleList.Count == 0)
            {
                yield return $"{at}:Roles names no role; give some of reader, starter, approver, operator.";
            }
        }

        if (!string.IsNullOrWhiteSpace(auth.Jwt.Authority) && string.IsNullOrWhiteSpace(auth.Jwt.Audience))
        {
            yield return "Interlude:Auth:Jwt:Audience must be set with Interlude:Auth:Jwt:Authority.";
        }
    }
}
