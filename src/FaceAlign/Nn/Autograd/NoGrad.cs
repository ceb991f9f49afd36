// `using (NoGrad.Scope()) { ... }`: no autograd recording inside, restored on exit (nests correctly).
namespace FaceAlign.Nn.Autograd;

public readonly struct NoGrad : IDisposable
{
    private readonly bool previous;

    private NoGrad(bool previous) => this.previous = previous;

    public static NoGrad Scope() => new(GradMode.Set(false));

    public void Dispose() => GradMode.Set(previous);
}
