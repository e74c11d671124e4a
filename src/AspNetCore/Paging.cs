namespace Interlude.AspNetCore;

/// <summary>The <c>page</c> and <c>pageSize</c> query parameters of the paged reads.</summary>
internal static class Paging
{
    /// <summary>The problem with them, or null when both are absent or in range (page 1 or more, pageSize 1 to 1000).</summary>
    public static IResult? Invalid(int? page, int? pageSize) =>
        page is < 1 || pageSize is < 1 or > 1000 ? Problems.Malformed("'page' must be 1 or more and 'pageSize' 1 to 1000.") : null;
}
