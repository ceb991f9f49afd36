// One recorded operation in the autograd graph: its inputs and the closure that turns the output's gradient
// into += contributions to the inputs' gradients.
namespace FaceAlign.Nn.Autograd;

internal sealed class GraphNode(Tensor[] inputs, Action backward)
{
    public Tensor[] Inputs { get; } = inputs;

    public Action Backward { get; } = backward;
}
