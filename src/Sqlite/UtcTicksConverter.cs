using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Interlude.Sqlite;

/// <summary>Stores a time as its UTC ticks (every time Interlude writes is UTC).</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
