namespace Interlude.Workers.Tests;

/// <summary>What a store theory needs of a store; it runs on every store in <see cref="TestStores.All"/> that has all of it.</summary>
[Flags]
public enum StoreFeatures
{
    /// <summary>Any store, the in-memory one too.</summary>
    None = 0,

    /// <summary>A database: threads outlive the host, and a second host may open them.</summary>
    Database = 1,

    /// <summary>A server that several hosts use at once, whose claims keep them from taking the same row.</summary>
    SharedByHosts = 2 | Database,

    /// <summary>Databases created by earlier versions of Interlude, which its migrations upgrade.</summary>
    EarlierSchemas = 4 | Database,
}
