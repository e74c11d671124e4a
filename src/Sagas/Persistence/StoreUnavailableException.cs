namespace Interlude.Sagas.Persistence;

/// <summary>
/// The thread store could not be reached from outside the thread endpoint (a node worker's check of its
/// task): marks the error as the store's, so that it is waited out (<see cref="StoreOutage"/>) while errors
/// of the node's own code still fail the thread past its retries.
/// </summary>
internal sealed class StoreUnavailableException(Exception inner)
    : Exception("The thread store cannot be reached for now: " + inner.Message, inner);
