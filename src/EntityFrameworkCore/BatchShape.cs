namespace Interlude.EntityFrameworkCore;

/// <summary>What a thread message's write batch holds, as far as committing it differs by database.</summary>
/// <param name="SingleSave">The batch is one SaveChanges (no set-based statement before it).</param>
/// <param name="UpdatedThread">The thread whose row the batch updates, version-checked; null when it inserts one or leaves it alone.</param>
internal readonly record struct BatchShape(bool SingleSave, Guid? UpdatedThread);
