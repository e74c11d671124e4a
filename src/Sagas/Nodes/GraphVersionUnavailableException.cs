namespace Interlude.Sagas.Nodes;

/// <summary>
/// A node worker received a task of a graph version it does not have. The task is not run and its
/// thread does not fail: the message is retried, then parked in the endpoint's <c>_error</c> queue, from
/// where it can be moved back once a worker with that version runs.
/// </summary>
internal sealed class GraphVersionUnavailableException(string graph, int version)
    : Exception($"This worker has no graph named '{graph}' with version {version}; the task waits in the error queue for a worker that has it.");
