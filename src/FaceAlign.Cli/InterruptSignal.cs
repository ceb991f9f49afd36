namespace FaceAlign.Cli;

/// <summary>
/// Turns the first Ctrl-C into a cancellation a long command can finish cleanly on (stop starting work, keep what is
/// written, print a summary); a second Ctrl-C ends the process as usual. Active from construction until Dispose.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public InterruptSignal() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        source.Cancel();
    }
}
