namespace FaceAlign.Training.Data;

/// <summary>An &lt;image&gt; of a dlib imglab dataset: its file (relative to the XML), boxes, and size if recorded.</summary>
public sealed record DlibImage(string File, IReadOnlyList<DlibBox> Boxes, int? Width = null, int? Height = null);
