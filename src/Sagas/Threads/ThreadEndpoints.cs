namespace Interlude.Sagas.Threads;

/// <summary>
/// The queue names of the thread saga and the node workers. A <see cref="Prefix"/> lets several
/// deployments (or test runs) share one broker virtual host without sharing queues.
/// </summary>
internal sealed record ThreadEndpoints(string Prefix = "")
{
    public string Threads => Prefix + "interlude-threads";

    public string Nodes => Prefix + "interlude-nodes";
}
